import ArgumentParser
import Foundation
import MaskImport
import RunStore

struct ImportMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-metrics",
        abstract: "Import per-step metrics (balanced accuracy, precision, recall, params, …) of a run from CSV.",
        discussion: """
            CSV header: step,subnetwork,split,name,value. 'step' is a step index of the run (see \
            `ticketscope inspect`), 'subnetwork' a subnetwork name or empty for run-level values, 'split' \
            one of train, validation, test. Names: balanced_accuracy, precision, recall, accuracy, f1 \
            (fractions in [0, 1], not percentages), loss, params, psnr, si_snri, wsdr; other names need \
            --allow-custom. Collapse analysis reads 'balanced_accuracy' (validation, else test); run \
            comparison reads balanced_accuracy, precision, recall and params (test split). \
            All rows are checked before any is written, in one transaction; a value already stored \
            under the same step, subnetwork, split and name is only overwritten with --replace.

            Example:
              ticketscope import-metrics --run resnet metrics.csv

              step,subnetwork,split,name,value
              0,cat,validation,balanced_accuracy,0.81
              0,,test,params,103000
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run the metrics belong to.", valueName: "name")) var runName: String
    @Flag(name: .customLong("allow-custom"), help: "Accept metric names TicketScope does not know.") var allowCustom = false
    @Flag(help: "Overwrite values already stored under the same key.") var replace = false
    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ImportError(file: file, "cannot be read as UTF-8 text")
        }
        let db = try store.open(.write)
        let r = try db.run(named: runName)
        let subnetworks = try db.subnetworks(of: r)
        let values = try MetricsCSV.parse(text, source: file, steps: try db.steps(of: r), subnetworks: subnetworks, allowCustom: allowCustom)
        let overwrites = MetricsCSV.overwrites(values, existing: try db.metrics(of: r))
        if let first = overwrites.first, !replace {
            let sub = first.subnetwork.flatMap { s in subnetworks.first { $0.index == s }?.name }.map { "subnetwork '\($0)'" } ?? "the run"
            throw ImportError(file: file, "\(overwrites.count) value\(overwrites.count == 1 ? " is" : "s are") already stored (e.g. step \(first.step), \(sub), \(first.split) \(first.name)); pass --replace to overwrite")
        }
        try db.putMetrics(values, run: r)
        print("stored \(values.count) metric values for run '\(runName)'" + (overwrites.isEmpty ? "" : " (\(overwrites.count) replaced)"))
    }
}
