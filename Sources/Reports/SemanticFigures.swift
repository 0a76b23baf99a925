import Diagnostics
import MaskKit
import Plots

/// Figures of the semantic-alignment report (paper Fig. 3).
enum SemanticFigures {
    /// Fig. 3A: Spearman's rho against sparsity, one line per layer group.
    static func groups(_ r: SemanticReport) -> ReportFigure {
        let x = r.steps.map(\.sparsity)
        let series = SemanticAlignment.scopes.map { scope in
            Series(scope, x: x, y: r.steps.map { $0.groups[scope]?.spearman }, style: SeriesStyle(dash: scope == "global" ? .dashed : .solid, marker: .circle))
        }
        let chart = LineChart(x: Axis("Sparsity"), y: Axis("Spearman's rho", range: -1...1), series: series)
        return ReportFigure(name: "semantic-groups", figure: Figure([.lines(chart)]), size: .report)
    }

    /// Fig. 3C: per-class rho (global masks) against sparsity.
    static func classes(_ r: SemanticReport) -> ReportFigure {
        let x = r.steps.map(\.sparsity)
        let palette: CategoricalPalette = r.perClass.count > 8 ? .tableau10 : .okabeIto
        let series = r.perClass.enumerated().map { i, c in
            Series(c.name, x: x, y: c.steps.map { $0["global"]?.spearman }, style: SeriesStyle(dash: i >= 10 ? .dashed : .solid))
        }
        let chart = LineChart(x: Axis("Sparsity"), y: Axis("Spearman's rho (per class)", range: -1...1), series: series)
        return ReportFigure(name: "semantic-classes", figure: Figure([.lines(chart)], legend: .right, palette: palette), size: .report)
    }

    /// Fig. 3E: WordNet similarity and the shallow and deep mask Jaccard matrices of one step, on one
    /// shared colour scale (0–1), with cell values for K ≤ 10.
    static func matrices(_ r: SemanticReport, step last: StepSimilarity) -> ReportFigure {
        let labels = r.subnetworks
        // The diagonal (1 by definition) is left blank so the colour scale spans the pairs.
        func offDiagonal(_ m: [[Double]]) -> [[Double?]] {
            m.enumerated().map { i, row in row.enumerated().map { j, v in i == j ? nil : v } }
        }
        var panels: [(title: String, values: [[Double?]])] = [("WordNet", offDiagonal(r.wordnet))]
        for group in [LayerGroup.shallow, .deep] {
            guard let m = last.groups[group] else { continue }
            panels.append(("Masks, \(group.rawValue)", offDiagonal(m.jaccard)))
        }
        // Both similarities lie in [0, 1]: one fixed scale makes panels comparable; the cell values carry the detail.
        let annotate = labels.count <= 10
        let charts: [Chart] = panels.map {
            .heatmap(Heatmap(title: $0.title, values: $0.values, rowLabels: labels, columnLabels: labels, range: 0...1,
                             annotation: annotate ? .values(decimals: 2) : .none, colorBarLabel: "similarity"))
        }
        let figure = Figure(charts, columns: charts.count, sharing: [.y, .colorScale], panelLetters: true, fontSize: labels.count > 6 ? 7 : 9)
        let size = annotate && labels.count > 6 ? Size.inches(width: 11, height: 4.2, dpi: 200)
            : Size.inches(width: 7.5, height: labels.count > 6 ? 3.0 : 2.6, dpi: 200)
        return ReportFigure(name: "semantic-matrices", figure: figure, size: size)
    }
}
