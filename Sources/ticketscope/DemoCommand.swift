import ArgumentParser
import Datasets
import Foundation
import Classification
import PruningCore
import NN
import Reports
import RunStore
import WordNet

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small RTL and IMP-single pair, then write collapse, semantic and comparison reports.",
        discussion: """
            Uses CIFAR-10 when found (--data, $TICKETSCOPE_DATA, or ./data/cifar-10-batches-bin), else a \
            generated dataset with CIFAR-10's class names. Pruning runs to 95% sparsity so the collapse \
            shows; joint retraining at 25/50/75%. Reports go to --out (default reports/demo/). Runs that \
            already exist in the database are resumed (or reused when complete).

            Example:
              ticketscope demo --data ../shared/datasets/cifar10
            """
    )

    @Option(help: ArgumentHelp("CIFAR-10 directory (binary layout).", valueName: "dir")) var data: String?
    @Option(help: ArgumentHelp("The SQLite file the runs are stored in.", valueName: "path")) var db: String = "demo.sqlite"
    @Option(help: ArgumentHelp("Directory for the reports.", valueName: "dir")) var out: String = "reports/demo"
    @Option(name: .customLong("images-per-class"), help: ArgumentHelp("Training images per class.", valueName: "n")) var imagesPerClass: Int = 1000
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Flag(help: "Log lines only, no progress bars.") var quiet = false

    func run() throws {
        if let threads { Threading.defaultThreadCount = threads }
        let cifar = (try? CIFAR.cifar10.locate(directory: data)) != nil || FileManager.default.fileExists(atPath: "data/cifar-10-batches-bin")
        printError(cifar ? "demo: CIFAR-10 found" : "demo: CIFAR-10 not found (--data, $TICKETSCOPE_DATA or ./data/cifar-10-batches-bin); using generated images")
        var names: [String] = []
        for method in [TrainConfig.Method.rtl, .impSingle] {
            let config = TrainConfig.demo(method: method, dataset: cifar ? .cifar10 : .synthetic, imagesPerClass: imagesPerClass)
            let name = "demo-\(method.rawValue)"
            try trainAndReport(config: config, name: name, dbPath: db, data: data, quiet: quiet)
            names.append(name)
        }
        let store = try RunStore(path: db, mode: .read)
        let rtl = try store.run(named: names[0])
        let dir = (out as NSString)
        for f in try CollapseReportWriter.write(store: store, run: rtl, to: dir.appendingPathComponent("collapse"), toolVersion: TicketScope.version) { print(f) }
        for f in try SemanticReportWriter.write(store: store, run: rtl, to: dir.appendingPathComponent("semantic"), toolVersion: TicketScope.version,
                                                wordnet: try WordNetDatabase(), preset: .cifar10) { print(f) }
        for f in try ComparisonReportWriter.write(store: store, runs: try names.map { try store.run(named: $0) },
                                                  to: dir.appendingPathComponent("compare"), toolVersion: TicketScope.version) { print(f) }
    }
}
