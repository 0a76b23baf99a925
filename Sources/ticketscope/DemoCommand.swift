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
            Uses CIFAR-10 when found (--data, $TICKETSCOPE_DATA, or ./data/cifar-10-batches-bin, where \
            `ticketscope data fetch cifar10` puts it), else a generated dataset with CIFAR-10's class names. \
            Pruning removes 20% of the kept weights per iteration to 95% sparsity so the collapse shows \
            (15 steps, one Alg. 1 epoch each), retraining at 25/50/75/95% (two epochs); about 3 minutes \
            on 2 cores (README). The progress line ends with the ETA of the whole demo. Reports \
            go to --out (default reports/demo/). Runs that already exist in the database are resumed (or \
            reused when complete).

            Example:
              ticketscope demo --data ../shared/datasets/cifar10
            """
    )

    @Option(help: ArgumentHelp("CIFAR-10 directory (binary layout).", valueName: "dir")) var data: String?
    @Option(help: ArgumentHelp("The SQLite file the runs are stored in.", valueName: "path")) var db: String = "demo.sqlite"
    @Option(help: ArgumentHelp("Directory for the reports.", valueName: "dir")) var out: String = "reports/demo"
    @Option(name: .customLong("images-per-class"), help: ArgumentHelp("Training images per class; nine tenths of them are trained on (validation uses a tenth of the whole training set).", valueName: "n")) var imagesPerClass: Int = 700
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Flag(help: "Log lines only, no progress bars.") var quiet = false

    func run() throws {
        try validateThreads(threads)
        if let threads { Threading.defaultThreadCount = threads }
        let cifar = (try? CIFAR.cifar10.locate(directory: data)) != nil
        printError(cifar ? "demo: CIFAR-10 found" : "demo: CIFAR-10 not found (--data, $TICKETSCOPE_DATA or ./data); get it with `ticketscope data fetch cifar10` (170 MB) and run the demo again. Training on generated images now: they show the collapse, not RTL's lead over IMP")
        var names: [String] = []
        let methods = [TrainConfig.Method.rtl, .impSingle]
        let progress = DemoProgress(runs: methods.count, bar: ProgressBar(quiet: quiet, scope: "demo"))
        for (i, method) in methods.enumerated() {
            let config = try TrainConfig.demo(method: method, dataset: cifar ? .cifar10 : .synthetic, imagesPerClass: imagesPerClass)
            let name = "demo-\(method.rawValue)"
            try trainAndReport(config: config, name: name, dbPath: db, data: data, observer: trainingObserver { progress.update($0, run: i) })
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

/// The demo's progress: each run's estimate turned into one for the whole demo (its runs have about
/// equal work: one IMP-single mask sees every image as often as RTL's ten subnetworks together).
final class DemoProgress: @unchecked Sendable {
    let runs: Int
    let bar: ProgressBar
    let start = Date()

    init(runs: Int, bar: ProgressBar) { self.runs = runs; self.bar = bar }

    /// Draws `p` of run `index` (0-based) with the demo's fraction and remaining time.
    func update(_ p: TrainingProgress, run index: Int) {
        guard let run = p.run else { return bar.update(p) }
        let fraction = (Double(index) + run.fraction) / Double(runs)
        let elapsed = Date().timeIntervalSince(start)
        let remaining = fraction > 0 ? elapsed / fraction * (1 - fraction) : nil
        bar.update(TrainingProgress(phase: p.phase, done: p.done, total: p.total, seconds: p.seconds, finished: p.finished, unit: p.unit,
                                    run: RunEstimate(fraction: fraction, remainingSeconds: remaining)))
    }
}
