import Foundation
import Plots

/// One example figure of each chart kind, named for its file, with the size it is meant for.
struct ExampleFigure: CustomStringConvertible, Sendable {
    let name: String
    let figure: Figure
    let size: Size

    var description: String { name }

    /// Every example, one or more per chart kind.
    static let all: [ExampleFigure] = [
        ExampleFigure(name: "twin-axis", figure: Figure([.twinAxis(ExampleData.classChart(3))]), size: .report),
        ExampleFigure(
            name: "twin-axis-column", figure: Figure([.twinAxis(ExampleData.classChart(0))], fontSize: 8),
            size: .paperColumn),
        ExampleFigure(
            name: "small-multiples",
            figure: Figure(ExampleData.classes.indices.map { .twinAxis(ExampleData.classChart($0)) }, sharing: .all),
            size: .reportGrid),
        ExampleFigure(
            name: "lines",
            figure: Figure([.lines(ExampleData.correlationCharts()[0])]), size: .report),
        ExampleFigure(
            name: "lines-legend-right",
            figure: Figure([.lines(ExampleData.correlationCharts()[2])], legend: .right), size: .report),
        ExampleFigure(
            name: "lines-panels",
            figure: Figure(ExampleData.correlationCharts().map { .lines($0) }, columns: 2, sharing: [.x, .y]),
            size: Size.inches(width: 6.5, height: 5.5)),
        ExampleFigure(name: "heatmaps", figure: heatmaps(shared: true), size: Size.inches(width: 6.5, height: 3.3)),
        ExampleFigure(
            name: "heatmaps-own-bars", figure: heatmaps(shared: false), size: Size.inches(width: 6.5, height: 3.0)),
        ExampleFigure(name: "heatmap-annotated", figure: annotatedHeatmap(), size: Size.inches(width: 4.6, height: 4.0)),
        ExampleFigure(name: "heatmap-diverging", figure: divergingHeatmap(), size: Size.inches(width: 4.2, height: 3.6)),
        ExampleFigure(
            name: "comparison",
            figure: Figure(ExampleData.runCharts().map { .lines($0) }, title: "ResNet-20 on CIFAR-10, three seeds",
                           columns: 3, sharing: [.x, .y]),
            size: Size.inches(width: 6.5, height: 3.0)),
        ExampleFigure(name: "overlaid-runs", figure: overlaidRuns(), size: .report),
        ExampleFigure(
            name: "small-multiples-wide",
            figure: Figure(ExampleData.classes.indices.map { .twinAxis(ExampleData.classChart($0)) }, columns: 5,
                           sharing: .all),
            size: Size.inches(width: 6.5, height: 3.6)),
        ExampleFigure(
            name: "heatmap-cifar100",
            figure: Figure([.heatmap(Heatmap(title: "Mask similarity, CIFAR-100", values: ExampleData.cifar100Similarity,
                                             rowLabels: ExampleData.cifar100, columnLabels: ExampleData.cifar100,
                                             colorBarLabel: "Mask Jaccard"))]),
            size: Size.inches(width: 6.5, height: 6.5)),
    ]

    /// WordNet and mask similarity side by side (paper Fig. 3E), with one shared colour bar or a colour bar each.
    static func heatmaps(shared: Bool) -> Figure {
        let classes = ExampleData.classes
        return Figure(
            [.heatmap(Heatmap(title: "WordNet path similarity", values: ExampleData.wordnet, rowLabels: classes,
                              columnLabels: classes, range: shared ? 0...1 : nil,
                              colorBarLabel: shared ? nil : "Path similarity")),
             .heatmap(Heatmap(title: "Mask similarity at 80 % sparsity", values: ExampleData.maskSimilarity,
                              rowLabels: classes, columnLabels: classes, range: shared ? 0...1 : nil,
                              colorBarLabel: shared ? "Similarity" : "Mask Jaccard"))],
            columns: 2, sharing: shared ? [.y, .colorScale] : [])
    }

    /// Mask similarity with every value written in its cell.
    static func annotatedHeatmap() -> Figure {
        Figure([.heatmap(Heatmap(
            title: "Mask similarity at 80 % sparsity", values: ExampleData.maskSimilarity,
            rowLabels: ExampleData.classes, columnLabels: ExampleData.classes, annotation: .values(decimals: 2),
            colorBarLabel: "Mask Jaccard"))])
    }

    /// Correlations between the classes' mask changes, in [−1, 1] on the diverging map, with one pair missing.
    static func divergingHeatmap() -> Figure {
        let angles = ExampleData.classes.indices.map { Double($0) * 0.62 + 0.2 * ExampleData.jitter($0, 0, 5) }
        var values: [[Double?]] = angles.map { a in angles.map { b in a == b ? 1 : 0.95 * cos(a - b) } }
        values[2][7] = nil
        values[7][2] = nil
        return Figure([.heatmap(Heatmap(
            title: "Correlation of per-class mask changes", values: values, rowLabels: ExampleData.classes,
            columnLabels: ExampleData.classes, colorMap: .diverging, range: -1...1, annotation: .values(decimals: 1),
            colorBarLabel: "Spearman ρ"))])
    }

    /// Mean balanced accuracy of three seeds in one chart.
    static func overlaidRuns() -> Figure {
        let runs = ExampleData.runCharts()
        let series = runs.enumerated().map { run, chart in
            Series("Seed \(run)", x: chart.series[0].x, y: chart.series[0].y,
                   style: SeriesStyle(marker: .circle, lineWidth: 1.3))
        }
        return Figure(
            [.lines(LineChart(title: "Mean balanced accuracy of three seeds", x: Axis("Sparsity"),
                              y: Axis("Balanced accuracy"), series: series,
                              markers: [VerticalMarker(x: 0.8, label: "mean onset 0.80")]))])
    }
}
