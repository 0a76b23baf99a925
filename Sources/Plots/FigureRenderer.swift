/// Draws a validated figure on a canvas: decides where the legend goes, lays the figure out, then draws the
/// background, title, panels, shared colour bar, shared axis titles and legend.
struct FigureRenderer {
    let model: FigureModel
    let canvas: Canvas
    let size: Size

    /// Draws the whole figure.
    ///
    /// - Throws: ``PlotError/figureTooSmall(width:height:)`` when the panels do not fit.
    func draw() throws {
        let theme = Theme(base: model.figure.fontSize)
        let entries = model.figure.legend == .hidden ? [] : Legend.entries(of: model.panels)
        let legend = Legend(entries: entries, theme: theme, canvas: canvas)
        var spot: LegendSpot
        switch model.figure.legend {
        case .hidden: spot = .none
        case .below: spot = .below
        case .right: spot = .right
        case .automatic: spot = model.panels.count == 1 ? .inside : .below
        }
        if entries.isEmpty { spot = .none }
        var insideLegend: Rect?
        if spot == .inside {
            let layout = try FigureLayout(model, theme: theme, canvas: canvas, size: size, legend: .none,
                                          entries: entries)
            if case let .cartesian(chart) = model.panels[0] {
                insideLegend = freeCorner(for: legend, in: layout.plots[0], chart: chart, theme: theme)
            }
            if insideLegend == nil { spot = .below }
        }
        let layout = try FigureLayout(model, theme: theme, canvas: canvas, size: size,
                                      legend: spot == .inside ? .none : spot, entries: entries)

        canvas.fill(Rect(x: 0, y: 0, width: size.width, height: size.height), color: .white)
        if let title = model.figure.title, let rect = layout.title {
            canvas.draw(canvas.fitting(title, width: rect.width, theme.figureTitle), at: Point(x: rect.midX, y: rect.minY),
                        theme.figureTitle, horizontal: .center, vertical: .top)
        }
        var matrices: [Rect] = []
        for (index, panel) in model.panels.enumerated() {
            let plot = layout.plots[index]
            switch panel {
            case let .cartesian(chart):
                CartesianPanel(model: chart, theme: theme, canvas: canvas)
                    .draw(in: plot, layout.decorations[index], avoiding: insideLegend.map { [$0] } ?? [])
            case let .heatmap(heatmap):
                matrices.append(HeatmapPanel(model: heatmap, theme: theme, canvas: canvas)
                    .draw(in: plot, layout.decorations[index]))
            }
        }
        if let scale = model.sharedColorScale, let strip = layout.colorBar,
           let top = matrices.map(\.minY).min(), let bottom = matrices.map(\.maxY).max() {
            ColorBar(scale: scale, theme: theme, canvas: canvas)
                .draw(in: Rect(x: strip.minX, y: top, width: theme.colorBarWidth, height: bottom - top))
        }
        drawSharedTitles(layout, theme: theme)
        if let rect = insideLegend {
            legend.drawStack(in: rect, boxed: true)
        } else if let rect = layout.legend {
            spot == .right ? legend.drawStack(in: rect, boxed: false) : legend.drawFlow(in: rect)
        }
    }

    /// The first place in `plot` (the corners from top right anticlockwise, then the middles of the top and
    /// bottom edges) where the boxed legend covers no data, or `nil` when there is none or the legend would take
    /// more than 60 % of either side.
    private func freeCorner(for legend: Legend, in plot: Rect, chart: CartesianModel, theme: Theme) -> Rect? {
        let size = legend.stackSize(boxed: true)
        guard size.width <= plot.width * 0.6, size.height <= plot.height * 0.6 else { return nil }
        let margin = theme.pad * 1.5
        let left = plot.minX + margin
        let right = plot.maxX - margin - size.width
        let top = plot.minY + margin
        let bottom = plot.maxY - margin - size.height
        let samples = CartesianPanel(model: chart, theme: theme, canvas: canvas).samples(in: plot)
        let middle = plot.midX - size.width / 2
        return [(right, top), (left, top), (left, bottom), (right, bottom), (middle, top), (middle, bottom)]
            .map { Rect(x: $0.0, y: $0.1, width: size.width, height: size.height) }
            .first { rect in !samples.contains { rect.outset(by: theme.pad * 1.5).contains($0) } }
    }

    /// Axis titles shared by all panels, centred on the span of the plotting areas.
    private func drawSharedTitles(_ layout: FigureLayout, theme: Theme) {
        let cartesian = model.panels.indices.compactMap { index -> (CartesianModel, Rect)? in
            if case let .cartesian(chart) = model.panels[index] { return (chart, layout.plots[index]) }
            return nil
        }
        let plots = cartesian.map(\.1)
        guard let minX = plots.map(\.minX).min(), let maxX = plots.map(\.maxX).max(),
              let minY = plots.map(\.minY).min(), let maxY = plots.map(\.maxY).max() else { return }
        let charts = cartesian.map(\.0)
        let style = theme.axisTitle
        if let strip = layout.sharedX, let label = charts.lazy.compactMap(\.x.label).first {
            canvas.draw(canvas.fitting(label, width: maxX - minX, style), at: Point(x: (minX + maxX) / 2, y: strip.maxY),
                        style, horizontal: .center, vertical: .bottom)
        }
        if let strip = layout.sharedLeft, let axis = charts.lazy.compactMap({ $0.left.label != nil ? $0.left : nil }).first,
           let label = axis.label {
            var tinted = style
            if let color = axis.labelColor { tinted.color = color }
            canvas.draw(canvas.fitting(label, width: maxY - minY, tinted), at: Point(x: strip.minX, y: (minY + maxY) / 2),
                        tinted, horizontal: .center, vertical: .top, angle: -Double.pi / 2)
        }
        if let strip = layout.sharedRight, let axis = charts.lazy.compactMap({ $0.right?.label != nil ? $0.right : nil }).first,
           let label = axis.label {
            var tinted = style
            if let color = axis.labelColor { tinted.color = color }
            canvas.draw(canvas.fitting(label, width: maxY - minY, tinted), at: Point(x: strip.maxX, y: (minY + maxY) / 2),
                        tinted, horizontal: .center, vertical: .bottom, angle: -Double.pi / 2)
        }
    }
}
