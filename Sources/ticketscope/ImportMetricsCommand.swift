import ArgumentParser
import Foundation
import MaskImport
import RunStore

struct ImportMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-metrics",
        abstract: "Import per-step metrics (balanced accuracy, precision, recall, params, …) of a run from CSV.",
        discussion: """
            CSV header: step,subnetwork,split,name,value. 'step' is a step index of the run (see
            `ticketscope inspect`), 'subnetwork' a subnetwork name or empty for run-level values, 'split'
            e.g. validation or test. Collapse analysis reads 'balanced_accuracy' (validation, else test);
            run comparison reads balanced_accuracy, precision, recall and params (test split).
            All rows are checked before any is written; existing values with the same key are replaced.

            Example:
              ticketscope import-metrics --run resnet metrics.csv

              step,subnetwork,split,name,value
              0,cat,validation,balanced_accuracy,0.81
              0,,test,params,103000
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run the metrics belong to.", valueName: "name")) var runName: String
    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ImportError(file: file, "cannot be read as UTF-8 text")
        }
        let db = try store.open(.write)
        let r = try db.run(named: runName)
        let values = try MetricsCSV.parse(text, source: file, steps: try db.steps(of: r), subnetworks: try db.subnetworks(of: r))
        try db.putMetrics(values, run: r)
        print("stored \(values.count) metric values for run '\(runName)'")
    }
}
