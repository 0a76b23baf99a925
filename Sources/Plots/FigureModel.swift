/// A validated figure: every chart checked and resolved, shared ranges merged.
struct FigureModel {
    let figure: Figure
    let panels: [PanelModel]
    /// The figure-wide colour bar when heatmaps share a colour scale.
    let sharedColorScale: ColorScale?

    /// Validates `figure` and resolves its panels.
    ///
    /// - Throws: ``PlotError`` for an empty figure, bad columns or font size, bad series or matrices, and
    ///   axes with nothing to draw.
    init(_ figure: Figure) throws {
        guard !figure.charts.isEmpty else { throw PlotError.noCharts }
        if let columns = figure.columns, columns < 1 { throw PlotError.invalidColumns(columns) }
        guard figure.fontSize.isFinite, figure.fontSize > 0 else { throw PlotError.invalidFontSize(figure.fontSize) }
        self.figure = figure
        var drafts = try figure.charts.enumerated().map { index, chart in
            try PanelDraft(chart, name: Self.name(of: chart, index: index), palette: figure.palette)
        }
        let sharing = figure.sharing
        if sharing.contains(.x) { Self.share(\.x, in: &drafts) }
        if sharing.contains(.y) { Self.share(\.left, in: &drafts) }
        if sharing.contains(.secondaryY) { Self.share(\.right, in: &drafts) }
        var colorScale: ColorScale?
        if sharing.contains(.colorScale) {
            Self.share(\.color, in: &drafts)
            colorScale = drafts.lazy.compactMap(\.colorScale).first
            colorScale?.label = drafts.lazy.compactMap { $0.colorScale?.label }.first
        }
        self.sharedColorScale = colorScale
        self.panels = try drafts.map { try $0.model(sharedColorScale: colorScale) }
    }

    /// The chart's name in error messages: its title in quotes, or "chart N".
    private static func name(of chart: Chart, index: Int) -> String {
        let title: String?
        switch chart {
        case let .lines(chart): title = chart.title
        case let .twinAxis(chart): title = chart.title
        case let .heatmap(chart): title = chart.title
        }
        return title.map { "chart \"\($0)\"" } ?? "chart \(index + 1)"
    }

    /// Replaces one range of every draft that has it with their union: the union of the fixed ranges if any
    /// panel fixes one, otherwise of the data ranges.
    private static func share(_ axis: WritableKeyPath<PanelDraft, DraftRange?>, in drafts: inout [PanelDraft]) {
        let ranges = drafts.compactMap { $0[keyPath: axis] }
        let fixed = ranges.filter(\.fixed)
        let chosen = fixed.isEmpty ? ranges : fixed
        guard let lower = chosen.compactMap(\.range?.lowerBound).min(),
              let upper = chosen.compactMap(\.range?.upperBound).max() else { return }
        for index in drafts.indices where drafts[index][keyPath: axis] != nil {
            drafts[index][keyPath: axis] = DraftRange(range: lower...upper, fixed: !fixed.isEmpty)
        }
    }
}
