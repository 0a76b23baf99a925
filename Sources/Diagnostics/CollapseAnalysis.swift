import MaskKit
import RunStore

/// The collapse diagnosis of one subnetwork.
public struct SubnetworkCollapse: Sendable, Codable {
    /// The subnetwork's index in the run.
    public let index: Int
    /// The subnetwork's name.
    public let name: String
    /// Mean raw Jaccard to the other subnetworks at each step.
    public let similarity: [Double]
    /// Mean chance-level Jaccard to the others at each step.
    public let chance: [Double]
    /// similarity / chance at each step.
    public let lift: [Double?]
    /// Mean chance-corrected Jaccard to the others at each step.
    public let corrected: [Double?]
    /// The curve the detector read (of ``CollapseReport/measure``), nil where undefined.
    public let analysed: [Double?]
    /// The quality metric (balanced accuracy, or PSNR for INR runs) at each step, nil where not recorded.
    public let accuracy: [Double?]
    /// The onset of the analysed similarity curve (either direction), nil if none.
    public let similarityOnset: Onset?
    /// The onset (a fall) of the quality curve, nil if none or not recorded.
    public let accuracyOnset: Onset?
    /// Accuracy onset sparsity minus similarity onset sparsity: positive when similarity moved first
    /// (the label-free early warning); nil unless both onsets exist.
    public let lead: Double?
}

/// The collapse diagnosis of a run.
public struct CollapseReport: Sendable, Codable {
    /// The run's name.
    public let run: String
    /// The similarity measure the detector read.
    public let measure: SimilarityMeasure
    /// The quality metric read as "accuracy": `balanced_accuracy`, `psnr` (INR) or `si_snri` (speech).
    public let metric: String
    /// The metric split accuracy was read from (nil: the metric is not recorded).
    public let accuracySplit: String?
    /// The pruning steps analysed (store indices), in order.
    public let steps: [Int]
    /// The sparsity of each step.
    public let sparsity: [Double]
    /// The diagnosis of each subnetwork, in run order.
    public let subnetworks: [SubnetworkCollapse]
    /// The axis curves were read on (and figures draw by default).
    public let axis: SparsityAxis
    /// The run's similarity in the analysed measure at each step (mean off-diagonal Jaccard,
    /// corrected Jaccard or lift), and its onset.
    public let runSimilarity: [Double]
    /// Mean chance-level Jaccard over pairs at each step.
    public let runChance: [Double]
    /// The onset of ``runSimilarity``, nil if none.
    public let runSimilarityOnset: Onset?
    /// Mean balanced accuracy over subnetworks at each step where all have one, and its onset.
    public let runAccuracy: [Double?]
    /// The onset (a fall) of ``runAccuracy``, nil if none.
    public let runAccuracyOnset: Onset?
    /// Run-level quality onset minus similarity onset, in sparsity; nil unless both exist.
    public let runLead: Double?
}

extension CollapseReport {
    /// The quality metric inside a sentence ("balanced accuracy", "PSNR (dB)").
    public var metricNoun: String { qualityMetric?.noun ?? metric }

    /// How the quality metric is named on axes and at the start of a sentence.
    public var metricLabel: String { qualityMetric?.labelWithUnit ?? metric }

    /// ``metric`` when it is one of ``MetricName/quality`` (other names are shown as stored).
    private var qualityMetric: MetricName? { MetricName.quality.first { $0.rawValue == metric } }
}

/// Collapse onset per subnetwork and for the run (paper section 5.5, appendix E.2).
public enum CollapseAnalysis {
    /// Metric splits searched for the quality metric, in order of preference.
    public static let accuracySplits = Split.qualityPreference.map(\.rawValue)
    /// Quality metrics collapse analysis understands (higher is better), in order of preference.
    public static let qualityMetrics = MetricName.quality.map(\.rawValue)

    /// The first of ``qualityMetrics`` recorded per subnetwork in `metrics` (`balanced_accuracy` if none is).
    public static func qualityMetric(in metrics: [MetricValue]) -> String {
        qualityMetrics.first { q in metrics.contains { $0.name == q && $0.subnetwork != nil } } ?? qualityMetrics[0]
    }

    /// Analyses the pruning steps of a run; `metric` is the quality curve read beside similarity
    /// (nil: the first of ``qualityMetrics`` recorded).
    public static func analyse(history: SimilarityHistory, metrics: [MetricValue], metric: String? = nil, measure: SimilarityMeasure = .raw,
                               detector: OnsetDetector = OnsetDetector()) throws -> CollapseReport {
        let metric = metric ?? qualityMetric(in: metrics)
        let k = history.subnetworks.count
        guard k >= 2 else {
            throw DiagnosticsError.tooFewSubnetworks(run: history.run.name, count: k, needed: 2, what: "collapse analysis (similarity between subnetworks)")
        }
        guard !history.steps.isEmpty else { throw DiagnosticsError.noSteps(run: history.run.name) }
        let x = history.steps.map(\.sparsity)
        let accSplit = accuracySplits.first { s in metrics.contains { $0.split == s && $0.name == metric && $0.subnetwork != nil } }
        var acc: [Int: [Int: Double]] = [:]   // step → subnetwork → value
        for m in metrics where m.split == accSplit && m.name == metric {
            if let s = m.subnetwork { acc[m.step, default: [:]][s] = m.value }
        }
        let axis = detector.axis ?? .auto(for: x)
        var simDetector = detector
        simDetector.direction = nil
        simDetector.axis = axis
        var accDetector = simDetector
        accDetector.direction = .fall

        let subs = history.subnetworks.map { sub -> SubnetworkCollapse in
            let i = sub.index
            let curve = SimilarityCurve(history.steps, measure: measure, subnetwork: i)
            let accuracy = history.steps.map { acc[$0.step]?[i] }
            let simOnset = located(curve.onset(simDetector), in: curve.steps, of: history)
            let accOnset = onset(accDetector, x: x, y: accuracy)
            return SubnetworkCollapse(index: i, name: sub.name,
                                      similarity: history.steps.map { $0.global.meanJaccard(to: i)! },
                                      chance: history.steps.map { $0.global.meanChance(of: i)! },
                                      lift: history.steps.map { $0.global.value(.lift, of: i) },
                                      corrected: history.steps.map { $0.global.value(.corrected, of: i) },
                                      analysed: history.steps.map { $0.global.value(measure, of: i) },
                                      accuracy: accuracy, similarityOnset: simOnset, accuracyOnset: accOnset, lead: lead(simOnset, accOnset))
        }
        let runCurve = SimilarityCurve(history.steps, measure: measure)
        let runSim: [Double] = history.steps.map { $0.global.value(measure) ?? .nan }
        let runAcc: [Double?] = history.steps.map { s in
            guard let row = acc[s.step], row.count == k else { return nil }
            return row.values.reduce(0, +) / Double(k)
        }
        let runSimOnset = located(runCurve.onset(simDetector), in: runCurve.steps, of: history)
        let runAccOnset = onset(accDetector, x: x, y: runAcc)
        return CollapseReport(run: history.run.name, measure: measure, metric: metric, accuracySplit: accSplit, steps: history.steps.map(\.step),
                              sparsity: x, subnetworks: subs, axis: axis, runSimilarity: runSim,
                              runChance: history.steps.map { $0.global.meanChance ?? .nan }, runSimilarityOnset: runSimOnset,
                              runAccuracy: runAcc, runAccuracyOnset: runAccOnset, runLead: lead(runSimOnset, runAccOnset))
    }

    /// An onset found on a curve that skipped some steps, re-indexed into the full step list.
    static func located(_ found: Onset?, in curveSteps: [Int], of history: SimilarityHistory) -> Onset? {
        guard let found else { return nil }
        let step = curveSteps[found.index]
        return found.at(index: history.steps.firstIndex { $0.step == step } ?? found.index)
    }

    /// Onset over the points where y is present.
    static func onset(_ d: OnsetDetector, x: [Double], y: [Double?]) -> Onset? {
        let pts = zip(x, y).compactMap { a, b in b.map { (a, $0) } }
        guard let found = d.detect(x: pts.map(\.0), y: pts.map(\.1)) else { return nil }
        // Report the index in the full step list.
        return found.at(index: x.firstIndex(of: found.x) ?? found.index)
    }

    static func lead(_ sim: Onset?, _ acc: Onset?) -> Double? {
        guard let sim, let acc else { return nil }
        return acc.x - sim.x
    }
}
