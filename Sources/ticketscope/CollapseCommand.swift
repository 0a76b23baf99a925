import ArgumentParser
import Diagnostics
import RunStore
import StoreJSON

struct CollapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collapse",
        abstract: "Find where subnetworks collapse: onsets of mask similarity and of accuracy, and the lead of one over the other.",
        discussion: """
            For each subnetwork, the mean Jaccard of its mask to the others over the pruning steps, and its quality where \
            recorded (metric 'balanced_accuracy', 'psnr' for INR runs, 'si_snri' for speech; validation split preferred). \
            An onset is where a curve changes slope or level (docs/collapse.md: segmented regression against smooth fits, \
            by BIC): similarity may turn upward (masks forced together, as CIFAR in the paper's Fig. 2) or fall (INR, \
            appendix C.7); accuracy onsets bend downward. An onset with fewer than 3 later steps is provisional. \
            lead = accuracy onset − similarity onset, in sparsity: positive means similarity warned first.

            Raw Jaccard falls as masks get sparser (two random masks of density d share about d/(2−d)); the detector lets \
            its smooth alternatives follow that chance curve. --measure corrected reads (J − chance) / (1 − chance) \
            instead (0 = random overlap, 1 = identical); --measure lift (J / chance) grows as masks thin and is biased.

            Examples:
              ticketscope collapse --run demo
              ticketscope collapse --run demo --measure corrected --json
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("Similarity curve the detector reads: raw, corrected (for chance) or lift (over chance).", valueName: "raw|corrected|lift"))
    var measure: SimilarityMeasure = .raw
    @OptionGroup var detectorOptions: DetectorOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
        let report = try CollapseAnalysis.analyse(history: history, metrics: try db.metrics(of: r),
                                                  measure: measure, detector: detectorOptions.detector)
        let out = CollapseJSON(report, measure: measure)
        if json { return try printJSON(out) }
        print("run \(r.name): \(report.steps.count) pruning steps, sparsity \(fixed(report.sparsity.first!, 3))…\(fixed(report.sparsity.last!, 3)), similarity measure \(measure.rawValue), \(report.axis.rawValue) axis\n")
        func cell(_ o: Onset?) -> String {
            o.map { "\(fixed($0.x, 3)) (\($0.direction.rawValue) \(fixed(abs($0.size), 3))\($0.confirmed ? "" : ", provisional"))" } ?? "none"
        }
        let accNote = report.accuracySplit == nil ? "n/a" : "none"
        print(table([["subnetwork", "similarity onset", "accuracy onset", "lead"]] + report.subnetworks.map {
            [$0.name, cell($0.similarityOnset), $0.accuracyOnset.map { cell($0) } ?? accNote, $0.lead.map { fixed($0, 3) } ?? "-"]
        }))
        print("\n" + out.summary)
    }
}

