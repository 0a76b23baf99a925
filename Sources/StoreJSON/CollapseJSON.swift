import Diagnostics

/// An onset in JSON output.
public struct OnsetJSON: Encodable {
    public let sparsity: Double, from_sparsity: Double
    /// Position in the run's pruning steps, and the store's step index.
    public let step_position: Int, step: Int
    public let direction: String, size: Double
    public let slope_before: Double, slope_after: Double, evidence: Double
    public let confirmed: Bool, points_after: Int, axis: String

    /// `steps` are the store's step indices of the curve's positions.
    public init?(_ o: Onset?, steps: [Int]) {
        guard let o else { return nil }
        sparsity = o.x; from_sparsity = o.fromX; step_position = o.index; step = steps[o.index]
        direction = o.direction.rawValue; size = o.size; slope_before = o.slopeBefore; slope_after = o.slopeAfter
        evidence = o.evidence; confirmed = o.confirmed; points_after = o.pointsAfter; axis = o.axis.rawValue
    }
}

/// A collapse diagnosis: `ticketscope collapse --json` and `/api/runs/NAME/collapse`.
public struct CollapseJSON: Encodable {
    public struct Subnetwork: Encodable {
        public let name: String
        @Null public var similarity_onset: Double?
        @Null public var accuracy_onset: Double?
        @Null public var lead: Double?
        @Null public var similarity_onset_detail: OnsetJSON?
        @Null public var accuracy_onset_detail: OnsetJSON?
        public let similarity: [Double], chance: [Double], lift: [Double?], corrected: [Double?], accuracy: [Double?]
    }

    public let run: String, measure: String, metric: String
    @Null public var accuracy_split: String?
    public let accuracy_available: Bool
    public let steps: [Int], sparsity: [Double]
    public let axis: String
    public let run_similarity: [Double?]
    public let run_chance: [Double]
    @Null public var run_similarity_onset: Double?
    @Null public var run_accuracy_onset: Double?
    @Null public var run_lead: Double?
    @Null public var run_similarity_onset_detail: OnsetJSON?
    @Null public var run_accuracy_onset_detail: OnsetJSON?
    @Null public var no_onset_reason: String?
    public let subnetworks: [Subnetwork]
    public let summary: String

    /// The JSON of `report`, analysed with `measure`.
    public init(_ report: CollapseReport, measure: SimilarityMeasure) {
        run = report.run; self.measure = measure.rawValue; metric = report.metric
        accuracy_split = report.accuracySplit; accuracy_available = report.accuracySplit != nil
        steps = report.steps; sparsity = report.sparsity; axis = report.axis.rawValue
        run_similarity = report.runSimilarity.map { $0.isFinite ? $0 : nil }; run_chance = report.runChance
        run_similarity_onset = report.runSimilarityOnset?.x; run_accuracy_onset = report.runAccuracyOnset?.x; run_lead = report.runLead
        run_similarity_onset_detail = OnsetJSON(report.runSimilarityOnset, steps: report.steps)
        run_accuracy_onset_detail = OnsetJSON(report.runAccuracyOnset, steps: report.steps)
        no_onset_reason = OnsetDetector.tooShort(report.steps.count)
        subnetworks = report.subnetworks.map {
            Subnetwork(name: $0.name, similarity_onset: $0.similarityOnset?.x, accuracy_onset: $0.accuracyOnset?.x, lead: $0.lead,
                       similarity_onset_detail: OnsetJSON($0.similarityOnset, steps: report.steps),
                       accuracy_onset_detail: OnsetJSON($0.accuracyOnset, steps: report.steps),
                       similarity: $0.similarity, chance: $0.chance, lift: $0.lift, corrected: $0.corrected, accuracy: $0.accuracy)
        }
        summary = CollapseSummary.sentences(report)
    }
}
