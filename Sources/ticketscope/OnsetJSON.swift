import ArgumentParser
import Diagnostics

/// Options of the onset detector, shared by `collapse`, `check`, `backtest` and `report collapse`.
struct DetectorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("BIC advantage the segmented fit needs over the best smooth fit (line, quadratic, chance curve).", valueName: "x"))
    var evidence: Double = OnsetDetector().evidence
    @Option(name: .customLong("min-size"), help: ArgumentHelp("Smallest departure from the line before the onset that counts (curve units).", valueName: "x"))
    var minSize: Double = OnsetDetector().minSize
    @Option(help: ArgumentHelp("Axis curves are read on: auto (the one on which steps are evenly spaced), linear (sparsity) or log (-log10(1 - sparsity)).",
                               valueName: "auto|linear|log"))
    var x: AxisChoice = .auto

    /// `--x`: a ``SparsityAxis`` or automatic.
    enum AxisChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, linear, log
        var axis: SparsityAxis? { self == .auto ? nil : SparsityAxis(rawValue: rawValue) }
    }

    var detector: OnsetDetector {
        var d = OnsetDetector()
        d.evidence = evidence; d.minSize = minSize; d.axis = x.axis
        return d
    }
}

/// An onset in JSON output.
struct OnsetJSON: Encodable {
    let sparsity: Double, from_sparsity: Double
    /// Position in the run's pruning steps, and the store's step index.
    let step_position: Int, step: Int
    let direction: String, size: Double
    let slope_before: Double, slope_after: Double, evidence: Double
    let confirmed: Bool, points_after: Int, axis: String

    /// `steps` are the store's step indices of the curve's positions.
    init?(_ o: Onset?, steps: [Int]) {
        guard let o else { return nil }
        sparsity = o.x; from_sparsity = o.fromX; step_position = o.index; step = steps[o.index]
        direction = o.direction.rawValue; size = o.size; slope_before = o.slopeBefore; slope_after = o.slopeAfter
        evidence = o.evidence; confirmed = o.confirmed; points_after = o.pointsAfter; axis = o.axis.rawValue
    }
}

extension SimilarityMeasure: ExpressibleByArgument {}
