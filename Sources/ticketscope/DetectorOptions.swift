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

extension SimilarityMeasure: ExpressibleByArgument {}
