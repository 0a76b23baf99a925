/// Fits a grid of equal plotting areas into an area: each column is as wide, and each row as tall, as the
/// largest insets its panels measure for the current plotting size, iterated until the measurements settle.
struct GridFit {
    /// The plotting area of each panel.
    let plots: [Rect]

    /// Fits `panels` in `area`.
    ///
    /// - Throws: `tooSmall` when a plotting area would be under three font sizes wide or tall.
    init(panels: [PanelModel], decorations: [Decorations], shape: GridShape, area: Rect, theme: Theme,
         canvas: Canvas, tooSmall: PlotError) throws {
        let gutter = (x: theme.base * 0.9, y: theme.base * 0.5)
        var insets = Array(repeating: Insets(), count: panels.count)
        var size = (width: 0.0, height: 0.0)
        var columns = (left: [Double](), right: [Double]())
        var rows = (top: [Double](), bottom: [Double]())
        for _ in 0..<10 {
            columns = (Array(repeating: 0, count: shape.columns), Array(repeating: 0, count: shape.columns))
            rows = (Array(repeating: 0, count: shape.rows), Array(repeating: 0, count: shape.rows))
            for (index, inset) in insets.enumerated() {
                let (row, column) = shape.position(of: index)
                columns.left[column] = max(columns.left[column], inset.left)
                columns.right[column] = max(columns.right[column], inset.right)
                rows.top[row] = max(rows.top[row], inset.top)
                rows.bottom[row] = max(rows.bottom[row], inset.bottom)
            }
            size.width = (area.width - columns.left.reduce(0, +) - columns.right.reduce(0, +)
                - gutter.x * Double(shape.columns - 1)) / Double(shape.columns)
            size.height = (area.height - rows.top.reduce(0, +) - rows.bottom.reduce(0, +)
                - gutter.y * Double(shape.rows - 1)) / Double(shape.rows)
            guard size.width >= theme.base * 3, size.height >= theme.base * 3 else { throw tooSmall }
            let measured = panels.indices.map { index in
                Self.insets(panels[index], decorations[index], size, theme, canvas).union(insets[index])
            }
            if measured == insets { break }
            insets = measured
        }
        var plots: [Rect] = []
        for index in panels.indices {
            let (row, column) = shape.position(of: index)
            let x = area.minX + (0..<column).map { columns.left[$0] + size.width + columns.right[$0] + gutter.x }
                .reduce(0, +) + columns.left[column]
            let y = area.minY + (0..<row).map { rows.top[$0] + size.height + rows.bottom[$0] + gutter.y }
                .reduce(0, +) + rows.top[row]
            plots.append(Rect(x: x, y: y, width: size.width, height: size.height))
        }
        self.plots = plots
    }

    /// What one panel needs around a plotting area of `size`.
    private static func insets(_ panel: PanelModel, _ decorations: Decorations, _ size: (width: Double, height: Double),
                               _ theme: Theme, _ canvas: Canvas) -> Insets {
        switch panel {
        case let .cartesian(model):
            return CartesianPanel(model: model, theme: theme, canvas: canvas)
                .insets(width: size.width, height: size.height, decorations)
        case let .heatmap(model):
            return HeatmapPanel(model: model, theme: theme, canvas: canvas)
                .insets(width: size.width, height: size.height, decorations)
        }
    }
}
