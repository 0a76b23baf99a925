import ArgumentParser
import Diagnostics
import RunStore

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

    struct SubJSON: Encodable {
        let name: String
        @Null var similarity_onset: Double?
        @Null var accuracy_onset: Double?
        @Null var lead: Double?
        @Null var similarity_onset_detail: OnsetJSON?
        @Null var accuracy_onset_detail: OnsetJSON?
        let similarity: [Double], chance: [Double], lift: [Double?], corrected: [Double?], accuracy: [Double?]
    }
    struct Output: Encodable {
        let run: String, measure: String, metric: String
        @Null var accuracy_split: String?
        let accuracy_available: Bool
        let steps: [Int], sparsity: [Double]
        let axis: String
        let run_similarity: [Double?]
        let run_chance: [Double]
        @Null var run_similarity_onset: Double?
        @Null var run_accuracy_onset: Double?
        @Null var run_lead: Double?
        @Null var run_similarity_onset_detail: OnsetJSON?
        @Null var run_accuracy_onset_detail: OnsetJSON?
        @Null var no_onset_reason: String?
        let subnetworks: [SubJSON]
        let summary: String
    }

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
        let report = try CollapseAnalysis.analyse(history: history, metrics: try db.metrics(of: r),
                                                  measure: measure, detector: detectorOptions.detector)
        let out = Output(
            run: report.run, measure: measure.rawValue, metric: report.metric, accuracy_split: report.accuracySplit, accuracy_available: report.accuracySplit != nil,
            steps: report.steps, sparsity: report.sparsity, axis: report.axis.rawValue,
            run_similarity: report.runSimilarity.map { $0.isFinite ? $0 : nil }, run_chance: report.runChance,
            run_similarity_onset: report.runSimilarityOnset?.x, run_accuracy_onset: report.runAccuracyOnset?.x, run_lead: report.runLead,
            run_similarity_onset_detail: OnsetJSON(report.runSimilarityOnset, steps: report.steps),
            run_accuracy_onset_detail: OnsetJSON(report.runAccuracyOnset, steps: report.steps),
            no_onset_reason: OnsetDetector.tooShort(report.steps.count),
            subnetworks: report.subnetworks.map {
                SubJSON(name: $0.name, similarity_onset: $0.similarityOnset?.x, accuracy_onset: $0.accuracyOnset?.x, lead: $0.lead,
                        similarity_onset_detail: OnsetJSON($0.similarityOnset, steps: report.steps),
                        accuracy_onset_detail: OnsetJSON($0.accuracyOnset, steps: report.steps),
                        similarity: $0.similarity, chance: $0.chance, lift: $0.lift, corrected: $0.corrected, accuracy: $0.accuracy)
            },
            summary: CollapseSummary.sentences(report))
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

