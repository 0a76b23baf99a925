import Plots

/// Figures of the run-comparison report.
enum ComparisonFigures {
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
