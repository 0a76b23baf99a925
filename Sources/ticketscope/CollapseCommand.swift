import ArgumentParser
import Diagnostics
import RunStore

/// Options of the onset detector, shared by `collapse` and `check`.
struct DetectorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Departure of a step's slope from the others' median, in robust spread units, that counts as abrupt.", valueName: "x"))
    var threshold: Double = 3.5
    @Option(help: ArgumentHelp("Departure as a multiple of the other steps' typical slope that counts as abrupt.", valueName: "x"))
    var ratio: Double = 4
    @Option(name: .customLong("min-size"), help: ArgumentHelp("Smallest total change that counts (curve units).", valueName: "x"))
    var minSize: Double = 0.1

    var detector: OnsetDetector { OnsetDetector(threshold: threshold, ratio: ratio, minSize: minSize) }
}

struct CollapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collapse",
        abstract: "Find where subnetworks collapse: onsets of mask similarity and of accuracy, and the lead of one over the other.",
        discussion: """
            For each subnetwork, the mean Jaccard of its mask to the others over the pruning steps, and its
            quality where recorded (metric 'balanced_accuracy', 'psnr' for INR runs, 'si_snri' for speech; validation split
            preferred). An
            onset is where a curve changes abruptly (docs/collapse.md): similarity may rise (masks forced
            together, as CIFAR in the paper's Fig. 2) or fall (INR, appendix C.7); accuracy onsets are falls.
            lead = accuracy onset − similarity onset, in sparsity: positive means similarity warned first.

            Raw Jaccard falls as masks get sparser (two random masks of density d share about d/(2−d));
            --measure lift divides by that chance level so the detector sees structure, not density.

            Examples:
              ticketscope collapse --run demo
              ticketscope collapse --run demo --measure lift --json
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("Similarity curve the detector reads: raw or lift (relative to chance).", valueName: "raw|lift"))
    var measure: SimilarityMeasure = .raw
    @OptionGroup var detectorOptions: DetectorOptions
    @Flag(help: "Print JSON.") var json = false

    struct OnsetJSON: Encodable {
        let sparsity: Double, from_sparsity: Double, step_position: Int, direction: String, size: Double
        init?(_ o: Onset?) {
            guard let o else { return nil }
            sparsity = o.x; from_sparsity = o.fromX; step_position = o.index; direction = o.direction.rawValue; size = o.size
        }
    }
    struct SubJSON: Encodable {
        let name: String
        @Null var similarity_onset: Double?
        @Null var accuracy_onset: Double?
        @Null var lead: Double?
        @Null var similarity_onset_detail: OnsetJSON?
        @Null var accuracy_onset_detail: OnsetJSON?
        let similarity: [Double], chance: [Double], lift: [Double?], accuracy: [Double?]
    }
    struct Output: Encodable {
        let run: String, measure: String, metric: String
        @Null var accuracy_split: String?
        let accuracy_available: Bool
        let steps: [Int], sparsity: [Double]
        let run_similarity: [Double]
        @Null var run_similarity_onset: Double?
        @Null var run_accuracy_onset: Double?
        @Null var run_lead: Double?
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
            steps: report.steps, sparsity: report.sparsity, run_similarity: report.runSimilarity,
            run_similarity_onset: report.runSimilarityOnset?.x, run_accuracy_onset: report.runAccuracyOnset?.x, run_lead: report.runLead,
            subnetworks: report.subnetworks.map {
                SubJSON(name: $0.name, similarity_onset: $0.similarityOnset?.x, accuracy_onset: $0.accuracyOnset?.x, lead: $0.lead,
                        similarity_onset_detail: OnsetJSON($0.similarityOnset), accuracy_onset_detail: OnsetJSON($0.accuracyOnset),
                        similarity: $0.similarity, chance: $0.chance, lift: $0.lift, accuracy: $0.accuracy)
            },
            summary: CollapseSummary.sentences(report))
        if json { return try printJSON(out) }
        print("run \(r.name): \(report.steps.count) pruning steps, sparsity \(fixed(report.sparsity.first!, 3))…\(fixed(report.sparsity.last!, 3)), similarity measure \(measure.rawValue)\n")
        func cell(_ o: Onset?) -> String { o.map { "\(fixed($0.x, 3)) (\($0.direction.rawValue) \(fixed(abs($0.size), 3)))" } ?? "none" }
        let accNote = report.accuracySplit == nil ? "n/a" : "none"
        print(table([["subnetwork", "similarity onset", "accuracy onset", "lead"]] + report.subnetworks.map {
            [$0.name, cell($0.similarityOnset), $0.accuracyOnset.map { cell($0) } ?? accNote, $0.lead.map { fixed($0, 3) } ?? "-"]
        }))
        print("\n" + out.summary)
    }
}

extension SimilarityMeasure: ExpressibleByArgument {}
