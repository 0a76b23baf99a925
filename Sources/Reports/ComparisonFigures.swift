import Plots

/// Figures of the run-comparison report.
enum ComparisonFigures {
    /// At most this many runs (or groups) are drawn as lines, so the legend stays readable; the
    /// tables hold all of them.
    static let highlightLimit = 8

    /// "; the first 8 of 500 runs are drawn (the tables hold all)", or nothing when all are drawn.
    static func omission(_ count: Int, _ what: String) -> String {
        count > highlightLimit ? "; the first \(highlightLimit) of \(count) \(what) are drawn (the tables hold all)" : ""
    }

    /// The quality metric (mean balanced accuracy, or PSNR) against sparsity, one line per run.
    static func accuracy(_ runs: [RunCurves], label: String) -> ReportFigure {
        let series = runs.map { Series($0.run, x: $0.sparsity, y: $0.accuracy, style: SeriesStyle(marker: .circle)) }
        let chart = LineChart(x: Axis("Sparsity"), y: Axis(label.prefix(1).uppercased() + label.dropFirst()), series: series)
        return ReportFigure(name: "compare-accuracy", figure: Figure([.lines(chart)]), size: .report)
    }

    /// Mean off-diagonal mask Jaccard against sparsity, one line per run.
    static func similarity(_ runs: [RunCurves]) -> ReportFigure {
        let series = runs.map { Series($0.run, x: $0.sparsity, y: $0.similarity ?? [], style: SeriesStyle(dash: .dashed, marker: .square)) }
        let chart = LineChart(x: Axis("Sparsity"), y: Axis("Mean mask Jaccard"), series: series)
        return ReportFigure(name: "compare-similarity", figure: Figure([.lines(chart)]), size: .report)
    }
}

extension ComparisonFigures {
    /// The quality metric against sparsity: per group its mean over replicates with a band for the
    /// 95 % interval (no band at levels with one run), and the runs in no group as thin lines.
    static func replicates(_ comparison: ReplicateComparison, ungrouped: [RunCurves], metric: String, label: String) -> ReportFigure {
        var series = comparison.groups.map { g -> Series in
            let means = g.levels.map { $0.metrics[metric]?.mean }
            let band = Band(lower: g.levels.map { $0.metrics[metric]?.ci95?.lowerBound }, upper: g.levels.map { $0.metrics[metric]?.ci95?.upperBound })
            let n = g.levels.compactMap { $0.metrics[metric]?.n }.max() ?? 0
            return Series("\(g.group.name) (n = \(n))", x: g.levels.map(\.sparsity), y: means, band: band,
                          style: SeriesStyle(marker: .circle, lineWidth: 1.8))
        }
        series += ungrouped.map { Series($0.run, x: $0.sparsity, y: $0.accuracy, style: SeriesStyle(dash: .dashed, lineWidth: 1)) }
        // A little room at both ends, so the first and last markers and bands are not cut in half.
        let xs = series.flatMap(\.x)
        var x = Axis("Sparsity")
        if let lo = xs.min(), let hi = xs.max(), hi > lo { x = Axis("Sparsity", range: (lo - 0.03 * (hi - lo))...(hi + 0.03 * (hi - lo))) }
        let chart = LineChart(x: x, y: Axis(label.prefix(1).uppercased() + label.dropFirst()), series: series)
        return ReportFigure(name: "compare-accuracy", figure: Figure([.lines(chart)]), size: .report)
    }
}
