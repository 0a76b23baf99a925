import ArgumentParser
import Foundation
import INR
import Models
import Classification
import PruningCore
import NN
import RunStore
import Speech

/// Draws one progress bar per phase on standard error, at most ten times a second.
final class ProgressBar: @unchecked Sendable {
    private var last: UInt64 = 0
    private let lock = NSLock()
    let quiet: Bool
    /// What the whole-run part of the line is called ("run", "demo").
    let scope: String
    init(quiet: Bool, scope: String = "run") { self.quiet = quiet; self.scope = scope }

    func update(_ p: TrainingProgress) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard p.finished || now - last > 100_000_000 else { return }
        last = now
        let fraction = p.total > 0 ? Double(p.done) / Double(p.total) : 1
        let width = 24, filled = Int(fraction * Double(width))
        let rate = p.seconds > 0 ? Double(p.done) / p.seconds : 0
        let eta = rate > 0 ? Double(p.total - p.done) / rate : 0
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        var line = String(format: "\r[%@] %3.0f%% %@  %@  ETA %@", bar, fraction * 100, p.phase, Self.rate(rate, unit: p.unit), Self.duration(eta))
        if let run = p.run {
            line += String(format: "  · %@ %3.0f%%", scope, run.fraction * 100) + (run.remainingSeconds.map { " ETA \(Self.duration($0))" } ?? "")
        }
        FileHandle.standardError.write(Data((line.padding(toLength: 120, withPad: " ", startingAt: 0) + (p.finished ? "\n" : "")).utf8))
    }

    static func rate(_ r: Double, unit: String) -> String {
        r >= 1e6 ? String(format: "%.1fM %@/s", r / 1e6, unit) : String(format: "%.0f %@/s", r, unit)
    }

    static func duration(_ s: Double) -> String {
        s >= 3600 ? String(format: "%dh%02dm", Int(s) / 3600, Int(s) % 3600 / 60) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train sparse subnetworks (RTL, IMP single, IMP multi) and store every sparsity step.",
        discussion: """
            The config (JSON; docs/training.md lists every key) names the dataset, partition, method, \
            pruning schedule, target sparsities, epochs, batch size, learning rate and seed; `model` \
            picks the image classifier (\(ModelRegistry.models(for: .imageClassification).map(\.name).joined(separator: ", ")); \
            the first is the default). The config's `method` picks the experiment (\(ExperimentRegistry.all.map(\.name).joined(separator: ", "))). \
            Shipped configs are in configs/ (the paper's CIFAR-10 protocol and small variants for 2 cores).

            Each pruning iteration is written in one transaction; killed at any moment, the same command \
            resumes from the last complete step and ends with the same masks. A run of the same name \
            with another config is refused (use another --name, or --resume to continue it as stored).

            One process writes a run at a time: a second train or import of it is refused naming the \
            first. Ctrl-C (or SIGTERM, SIGHUP) stops at the next batch, marks the run interrupted and \
            prints the command that resumes it; a second Ctrl-C quits at once. A run its stop rule \
            stopped continues with --resume --extend, judged by --stop-rule from then on (or none).

            CIFAR is read from --data, else from cifar-10-batches-bin/ or cifar-100-binary/ (or cifar10/, \
            cifar100/) under $TICKETSCOPE_DATA, else under ./data; `ticketscope data fetch cifar10` puts it there.

            INR configs (method inr-rtl or inr-imp; docs/inr.md) train one run per image, named \
            NAME/IMAGE: every NAME.png with a NAME.regions.png label map in --data (else \
            $TICKETSCOPE_INR_DATA), or one pair given with --image and --labels. All images are read \
            and checked before anything is written.

            Speech configs (method speech-rtl, speech-imp-single or speech-imp-multi; docs/speech.md) \
            read DIR/index.json from --data (else $TICKETSCOPE_SPEECH_DATA); every audio file is read \
            and checked before anything is written.

            Examples:
              ticketscope train --config configs/cifar10-rtl-small.json --data ../shared/datasets/cifar10
              ticketscope train --config configs/cifar10-rtl-small.json --stop-rule onset --name rtl-early
              ticketscope train --config configs/cifar10-rtl-small.json --name rtl-early --resume --extend --stop-rule 'mean-lift>3'
              ticketscope train --config configs/inr-rtl-small.json --data ../shared/datasets/inr-images
              ticketscope train --config configs/inr-imp-small.json --image photo.png --labels photo.seg.png
              ticketscope train --config configs/speech-rtl-small.json --data ../shared/datasets/speech-scenes
            """
    )

    @OptionGroup var store: StoreOption
    @Option(help: ArgumentHelp("The run configuration (JSON).", valueName: "file")) var config: String
    @Option(help: ArgumentHelp("CIFAR directory (binary layout), or for INR a directory of NAME.png + NAME.regions.png.", valueName: "dir")) var data: String?
    @Option(help: ArgumentHelp("INR only: one RGB PNG to reconstruct (with --labels).", valueName: "png")) var image: String?
    @Option(help: ArgumentHelp("INR only: the label-map PNG of --image (one region per pixel).", valueName: "png")) var labels: String?
    @Option(help: ArgumentHelp("Run name (default: the config's name, else the file name).", valueName: "name")) var name: String?
    @Option(name: .customLong("stop-rule"), help: ArgumentHelp("Stop pruning early when this rule fires (overrides the config's stop_rule).", valueName: "rule"))
    var stopRule: String?
    @Flag(help: "Continue an existing run of this name with its stored configuration.") var resume = false
    @Flag(help: "With --resume: continue a run its stop rule stopped, judged by --stop-rule from now on (or by no rule).") var extend = false
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Flag(help: "Log lines only, no progress bars.") var quiet = false

    func run() throws {
        do { try train() } catch LotteryError.interrupted(let signal) {
            printError("interrupted by \(signal): every completed step is stored; continue with: ticketscope train --config \(config) --db \(store.db)\(name.map { " --name \($0)" } ?? "") --resume")
            throw ExitCode(130)
        }
    }

    func train() throws {
        if extend && !resume { throw LotteryError.config("--extend continues a stored run: pass it with --resume") }
        if resume && stopRule != nil && !extend {
            throw LotteryError.config("--stop-rule with --resume would be ignored (the stored configuration is used); add --extend to continue a stopped run with a new rule")
        }
        try validateThreads(threads)
        if let threads { Threading.defaultThreadCount = threads }
        let experiment = try ExperimentRegistry.experiment(forConfig: try ConfigParsing.contents(of: config), source: config)
        if (image != nil || labels != nil) && !experiment.takesImageFiles {
            let takers = ExperimentRegistry.all.filter(\.takesImageFiles).flatMap(\.methods).joined(separator: ", ")
            throw UsageError("--image and --labels are for configs of method \(takers)")
        }
        try experiment.train(self)
    }

    /// Trains a classification config (CIFAR, generated images).
    func runClassification() throws {
        var (cfg, runName) = try configured(TrainConfig.self)
        if resume { cfg = try stored(TrainConfig.self, run: runName) }
        _ = try cfg.modelRegistration(source: config)
        try trainAndReport(config: cfg, name: runName, dbPath: store.db, data: data, observer: trainingObserver(quiet: quiet))
    }
}

extension TrainCommand {
    /// The --config file with --stop-rule applied, and the run name (--name, else the config's name,
    /// else the file name).
    func configured<C: StrictJSONConfig>(_ type: C.Type) throws -> (config: C, name: String) {
        var cfg = try C(contentsOf: config)
        if let stopRule { cfg.stopRule = stopRule; try cfg.validate(source: config) }
        return (cfg, name ?? cfg.name ?? ((config as NSString).lastPathComponent as NSString).deletingPathExtension)
    }

    /// The configuration stored with `run` (for --resume); with --extend, first records that the
    /// stopped runs `extending` (default: `run`) continue under --stop-rule (or no rule).
    func stored<C: StrictJSONConfig>(_ type: C.Type, run: String, extending: [String]? = nil) throws -> C {
        let db = try store.open(extend ? .write : .read)
        if extend {
            let names = extending ?? [run]
            var extended = 0
            for name in names {
                // Of several runs (INR, one per image) only those their rule stopped are extended.
                do { try PruningDriver.extend(store: db, name: name, rule: stopRule) } catch LotteryError.config where names.count > 1 {
                    continue
                }
                extended += 1
                printError("extending run '\(name)' past its stop rule" + (stopRule.map { " with stop rule '\($0)'" } ?? " with no stop rule"))
            }
            if extended == 0 { throw LotteryError.config("none of the runs \(names.joined(separator: ", ")) was stopped by a stop rule; --resume alone continues them") }
        }
        return try C(json: Data(try db.run(named: run).configJSON.utf8), source: "stored configuration of '\(run)'")
    }
}

/// Trains one run with progress on the terminal; shared by `train` and `demo`. The data is loaded
/// and the run checked against the store before anything is written.
func trainAndReport(config: TrainConfig, name: String, dbPath: String, data: String?, observer: TrainingObserver) throws {
    let dataset = try TrainingData.load(config, directory: data)
    let db = try openStore(dbPath, .write)
    try ClassificationRun.checkCompatible(store: db, name: name, config: config)
    printError("run '\(name)': \(config.method.rawValue) on \(dataset.source), \(dataset.partition.subsets.count) subsets, \(dataset.trainIndices.count) training / \(dataset.validationIndices.count) validation / \(dataset.testIndices.count) test images")
    let started = Date()
    let outcome = try ClassificationRun(config: config, name: name, store: db, data: dataset, observer: observer).run()
    let seconds = Date().timeIntervalSince(started)
    switch outcome {
    case .complete: print("run '\(name)' complete in \(ProgressBar.duration(seconds))")
    case .stopped(let why): print("run '\(name)' stopped early after \(ProgressBar.duration(seconds)): \(why)")
    }
}
