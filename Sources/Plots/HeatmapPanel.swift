import Foundation

/// Lays out and draws a heatmap: square cells centred in the plotting area, row labels at the left, column
/// labels below (turned 45° when they do not fit side by side, thinned when even that is too dense), values in
/// the cells, and its own colour bar unless the figure shares one.
struct HeatmapPanel {
    let model: HeatmapModel
    let theme: Theme
    let canvas: Canvas

    /// Where the cells and labels go inside a plotting area.
    struct Geometry {
        /// The cells' rectangle.
        let matrix: Rect
        let cellWidth: Double
        let cellHeight: Double
        /// Whether column labels are turned 45°.
        let rotated: Bool
        /// Every how many rows and columns a label is drawn.
        let rowStep: Int
        let columnStep: Int
    }

    /// The sine (and cosine) of the column-label angle.
    private let diagonal = sqrt(0.5)

    /// The cell layout inside `plot`.
    func geometry(in plot: Rect) -> Geometry {
        let rows = model.values.count
        let columns = model.values[0].count
        let cell = max(min(plot.width / Double(columns), plot.height / Double(rows)), 1e-3)
        let matrix = Rect(x: plot.midX - cell * Double(columns) / 2, y: plot.midY - cell * Double(rows) / 2,
                          width: cell * Double(columns), height: cell * Double(rows))
        let lineHeight = canvas.measure("Ag", theme.tick).height
        let rotated = widest(model.columnLabels) + theme.pad > cell * Double(Self.labelGap(model.columnLabels) ?? 1)
        let columnSpacing = rotated ? cell * diagonal : cell
        let columnNeed = rotated ? lineHeight * 0.95 : 0
        return Geometry(matrix: matrix, cellWidth: cell, cellHeight: cell, rotated: rotated,
                        rowStep: Self.labelGap(model.rowLabels) == nil ? max(1, Int((lineHeight * 0.95 / cell).rounded(.up))) : 1,
                        columnStep: Self.labelGap(model.columnLabels) == nil ? max(1, Int((columnNeed / columnSpacing).rounded(.up))) : 1)
    }

    /// For sparse labels (some empty, e.g. the kHz ticks of a spectrogram): the smallest distance in
    /// cells between two non-empty labels, which are then all drawn unthinned; nil when none is empty.
    static func labelGap(_ labels: [String]) -> Int? {
        guard labels.contains("") else { return nil }
        let placed = labels.indices.filter { !labels[$0].isEmpty }
        return zip(placed, placed.dropFirst()).map { $1 - $0 }.min() ?? max(1, labels.count)
    }

    /// The space the labels, colour bar and header need around a plotting area of this size.
    func insets(width: Double, height: Double, _ decorations: Decorations) -> Insets {
        let plot = Rect(x: 0, y: 0, width: width, height: height)
        let geometry = geometry(in: plot)
        let matrix = geometry.matrix
        let lineHeight = canvas.measure("Ag", theme.tick).height
        var insets = Insets()
        if decorations.leftTickLabels {
            insets.left = widest(model.rowLabels) + theme.pad - matrix.minX
        }
        if decorations.xTickLabels {
            let columnWidth = widest(model.columnLabels)
            if geometry.rotated {
                let reach = diagonal * (columnWidth + lineHeight / 2)
                insets.bottom = theme.pad + lineHeight * 0.35 + reach - (height - matrix.maxY)
                insets.left = max(insets.left, reach - geometry.cellWidth / 2 - matrix.minX)
            } else {
                insets.bottom = theme.pad + lineHeight - (height - matrix.maxY)
            }
        }
        if model.ownColorBar {
            let bar = ColorBar(scale: model.scale, theme: theme, canvas: canvas)
            insets.right = theme.gap * 1.5 + bar.width(height: matrix.height) - (width - matrix.maxX)
        }
        insets.top = PanelHeader(letter: decorations.letter, title: model.title, theme: theme, canvas: canvas).height
            - matrix.minY
        return Insets(left: max(insets.left, 0), right: max(insets.right, 0), top: max(insets.top, 0),
                      bottom: max(insets.bottom, 0))
    }

    /// Draws the heatmap in `plot`; returns the cells' rectangle, which a shared colour bar lines up with.
    @discardableResult
    func draw(in plot: Rect, _ decorations: Decorations) -> Rect {
        let geometry = geometry(in: plot)
        drawCells(geometry)
        if decorations.leftTickLabels { drawRowLabels(geometry) }
        if decorations.xTickLabels { drawColumnLabels(geometry) }
        let matrix = geometry.matrix
        var right = max(plot.maxX, matrix.maxX)
        if model.ownColorBar {
            let bar = Rect(x: matrix.maxX + theme.gap * 1.5, y: matrix.minY, width: theme.colorBarWidth,
                           height: matrix.height)
            let colorBar = ColorBar(scale: model.scale, theme: theme, canvas: canvas)
            colorBar.draw(in: bar)
            right = max(right, bar.minX + colorBar.width(height: bar.height))
        }
        PanelHeader(letter: decorations.letter, title: model.title, theme: theme, canvas: canvas)
            .draw(left: matrix.minX, top: matrix.minY, width: right - matrix.minX)
        return geometry.matrix
    }

    /// The cells, each overlapping its right and lower neighbours slightly so that no seams show, missing ones
    /// grey with a diagonal stroke, and their values when asked and legible.
    private func drawCells(_ geometry: Geometry) {
        let matrix = geometry.matrix
        let rows = model.values.count
        let columns = model.values[0].count
        let overlap = min(0.5, geometry.cellWidth * 0.1)
        for (row, values) in model.values.enumerated() {
            for (column, value) in values.enumerated() {
                let cell = Rect(x: matrix.minX + Double(column) * geometry.cellWidth,
                                y: matrix.minY + Double(row) * geometry.cellHeight,
                                width: geometry.cellWidth + (column < columns - 1 ? overlap : 0),
                                height: geometry.cellHeight + (row < rows - 1 ? overlap : 0))
                canvas.fill(cell, color: value.map(model.scale.color(for:)) ?? theme.missingColor)
            }
        }
        for (row, values) in model.values.enumerated() {
            for (column, value) in values.enumerated() where value == nil {
                let x = matrix.minX + Double(column) * geometry.cellWidth
                let y = matrix.minY + Double(row) * geometry.cellHeight
                canvas.stroke([Point(x: x, y: y + geometry.cellHeight), Point(x: x + geometry.cellWidth, y: y)],
                              color: theme.missingColor.mixed(with: .black, 0.35), width: 0.6)
            }
        }
        guard case let .values(decimals) = model.annotation, let style = annotationStyle(geometry, decimals) else {
            return
        }
        for (row, values) in model.values.enumerated() {
            for (column, value) in values.enumerated() {
                guard let value else { continue }
                var textStyle = style
                textStyle.color = model.scale.color(for: value).luminance > 0.36 ? Color(hex: 0x1A1A1A) : .white
                let center = Point(x: matrix.minX + (Double(column) + 0.5) * geometry.cellWidth,
                                   y: matrix.minY + (Double(row) + 0.5) * geometry.cellHeight)
                canvas.draw(NiceTicks.label(value, decimals: max(0, decimals)), at: center, textStyle,
                            horizontal: .center, vertical: .middle)
            }
        }
    }

    /// The largest annotation font, up to 90 % of the tick size, at which every value fits its cell; `nil` when
    /// that would be under 5.5 pt.
    private func annotationStyle(_ geometry: Geometry, _ decimals: Int) -> TextStyle? {
        let texts = model.values.flatMap { $0.compactMap { $0.map { NiceTicks.label($0, decimals: max(0, decimals)) } } }
        var style = TextStyle(size: theme.tick.size * 0.9)
        while style.size >= 5.5 {
            let width = texts.map { canvas.measure($0, style).width }.max() ?? 0
            if width <= geometry.cellWidth * 0.88, canvas.measure("0", style).height <= geometry.cellHeight * 0.8 {
                return style
            }
            style.size -= 0.25
        }
        return nil
    }

    /// Row labels, right-aligned against the cells.
    private func drawRowLabels(_ geometry: Geometry) {
        for (row, label) in model.rowLabels.enumerated() where row % geometry.rowStep == 0 {
            let y = geometry.matrix.minY + (Double(row) + 0.5) * geometry.cellHeight
            canvas.draw(label, at: Point(x: geometry.matrix.minX - theme.pad, y: y), theme.tick, horizontal: .right,
                        vertical: .middle)
        }
    }

    /// Column labels under the cells, level or turned 45° to end under their column.
    private func drawColumnLabels(_ geometry: Geometry) {
        let lineHeight = canvas.measure("Ag", theme.tick).height
        for (column, label) in model.columnLabels.enumerated() where column % geometry.columnStep == 0 {
            let x = geometry.matrix.minX + (Double(column) + 0.5) * geometry.cellWidth
            if geometry.rotated {
                canvas.draw(label, at: Point(x: x, y: geometry.matrix.maxY + theme.pad + lineHeight * 0.35),
                            theme.tick, horizontal: .right, vertical: .middle, angle: -Double.pi / 4)
            } else {
                canvas.draw(label, at: Point(x: x, y: geometry.matrix.maxY + theme.pad), theme.tick,
                            horizontal: .center, vertical: .top)
            }
        }
    }

    /// The width of the widest label.
    private func widest(_ labels: [String]) -> Double {
        labels.map { canvas.measure($0, theme.tick).width }.max() ?? 0
    }
}
