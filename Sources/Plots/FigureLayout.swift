/// Where a figure's legend goes once placement is decided.
enum LegendSpot {
    case none, inside, below, right
}

/// The geometry of a whole figure: title, legend, shared colour bar and shared axis titles around a grid of
/// plotting areas of equal size, with each column and row as wide as its panels' measured labels need.
struct FigureLayout {
    /// The plotting area of each panel.
    let plots: [Rect]
    /// What each panel draws around its plotting area.
    let decorations: [Decorations]
    /// The figure title's line.
    let title: Rect?
    /// The legend below or at the right.
    let legend: Rect?
    /// The strip at the right for a shared colour bar.
    let colorBar: Rect?
    /// The strips for axis titles shared by all panels: below, left and right of the grid.
    let sharedX: Rect?
    let sharedLeft: Rect?
    let sharedRight: Rect?

    /// Lays out `model` on a `size` figure.
    ///
    /// - Throws: ``PlotError/figureTooSmall(width:height:)`` when the plotting areas would vanish.
    init(_ model: FigureModel, theme: Theme, canvas: Canvas, size: Size, legend spot: LegendSpot,
         entries: [LegendEntry]) throws {
        let figure = model.figure
        let panels = model.panels
        let tooSmall = PlotError.figureTooSmall(width: size.width, height: size.height)
        var area = Rect(x: 0, y: 0, width: size.width, height: size.height).outset(by: -theme.base * 0.6)

        var title: Rect?
        if let text = figure.title {
            let height = canvas.measure(text, theme.figureTitle).height
            title = Rect(x: area.minX, y: area.minY, width: area.width, height: height)
            area = Self.cut(area, top: height + theme.gap)
        }
        var legend: Rect?
        let legendView = Legend(entries: entries, theme: theme, canvas: canvas)
        if spot == .below {
            let height = legendView.flowHeight(width: area.width)
            legend = Rect(x: area.minX, y: area.maxY - height, width: area.width, height: height)
            area = Self.cut(area, bottom: height + theme.gap)
        } else if spot == .right {
            let stack = legendView.stackSize(boxed: false)
            legend = Rect(x: area.maxX - stack.width, y: area.midY - stack.height / 2, width: stack.width,
                          height: stack.height)
            area = Self.cut(area, right: stack.width + theme.base)
        }
        var colorBar: Rect?
        if let scale = model.sharedColorScale {
            let bar = ColorBar(scale: scale, theme: theme, canvas: canvas)
            let width = [1.0, 0.5, 0.25].map { bar.width(height: area.height * $0) }.max() ?? 0
            colorBar = Rect(x: area.maxX - width, y: area.minY, width: width, height: area.height)
            area = Self.cut(area, right: width + theme.gap * 1.5)
        }

        let cartesian = panels.compactMap { panel -> CartesianModel? in
            if case let .cartesian(model) = panel { return model }
            return nil
        }
        let titleHeight = canvas.measure("Ag", theme.axisTitle).height + theme.gap
        let shareX = figure.sharing.contains(.x) && cartesian.count > 1
            && cartesian.contains { $0.x.label != nil }
        let shareLeft = figure.sharing.contains(.y) && cartesian.count > 1
            && cartesian.contains { $0.left.label != nil }
        let shareRight = figure.sharing.contains(.secondaryY) && cartesian.filter { $0.right != nil }.count > 1
            && cartesian.contains { $0.right?.label != nil }
        var sharedX: Rect?, sharedLeft: Rect?, sharedRight: Rect?
        if shareX {
            sharedX = Rect(x: area.minX, y: area.maxY - titleHeight, width: area.width, height: titleHeight)
            area = Self.cut(area, bottom: titleHeight)
        }
        if shareLeft {
            sharedLeft = Rect(x: area.minX, y: area.minY, width: titleHeight, height: area.height)
            area = Self.cut(area, left: titleHeight)
        }
        if shareRight {
            sharedRight = Rect(x: area.maxX - titleHeight, y: area.minY, width: titleHeight, height: area.height)
            area = Self.cut(area, right: titleHeight)
        }
        guard area.width > 0, area.height > 0 else { throw tooSmall }

        let hasHeatmap = panels.contains { if case .heatmap = $0 { return true } else { return false } }
        let shape = figure.columns.map { GridShape(panels: panels.count, columns: $0) }
            ?? GridShape.automatic(panels: panels.count, width: area.width, height: area.height,
                                   aspect: hasHeatmap ? 1.2 : 1.5)
        let decorations = Self.decorations(model, shape: shape, sharedX: shareX, sharedLeft: shareLeft,
                                           sharedRight: shareRight)
        let grid = try GridFit(panels: panels, decorations: decorations, shape: shape, area: area, theme: theme,
                               canvas: canvas, tooSmall: tooSmall)

        self.plots = grid.plots
        self.decorations = decorations
        self.title = title
        self.legend = legend
        self.colorBar = colorBar
        self.sharedX = sharedX
        self.sharedLeft = sharedLeft
        self.sharedRight = sharedRight
    }

    /// The decorations of each panel: letters, and tick labels and titles left to outer panels or the figure
    /// where axes are shared.
    private static func decorations(_ model: FigureModel, shape: GridShape, sharedX: Bool, sharedLeft: Bool,
                                    sharedRight: Bool) -> [Decorations] {
        let panels = model.panels
        let sharing = model.figure.sharing
        let lettered = model.figure.panelLetters ?? (panels.count > 1)
        func neighbour(_ index: Int, rows: Int, columns: Int) -> PanelModel? {
            let (row, column) = shape.position(of: index)
            return shape.index(row: row + rows, column: column + columns, panels: panels.count).map { panels[$0] }
        }
        return panels.indices.map { index in
            var decorations = Decorations()
            if lettered { decorations.letter = letter(index) }
            switch panels[index] {
            case let .cartesian(model):
                if sharing.contains(.x), case .cartesian = neighbour(index, rows: 1, columns: 0) {
                    decorations.xTickLabels = false
                }
                if sharing.contains(.y), case .cartesian = neighbour(index, rows: 0, columns: -1) {
                    decorations.leftTickLabels = false
                }
                if sharing.contains(.secondaryY), model.right != nil,
                   case let .cartesian(next) = neighbour(index, rows: 0, columns: 1), next.right != nil {
                    decorations.rightTickLabels = false
                }
                decorations.xTitle = !sharedX
                decorations.leftTitle = !sharedLeft
                decorations.rightTitle = !sharedRight
            case let .heatmap(model):
                if sharing.contains(.x), case let .heatmap(below) = neighbour(index, rows: 1, columns: 0),
                   below.columnLabels == model.columnLabels {
                    decorations.xTickLabels = false
                }
                if sharing.contains(.y), case let .heatmap(left) = neighbour(index, rows: 0, columns: -1),
                   left.rowLabels == model.rowLabels {
                    decorations.leftTickLabels = false
                }
            }
            return decorations
        }
    }

    /// "A" … "Z", then "AA", "AB", … for panel `index`.
    static func letter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : letter(index / 26 - 1) + String(letters[index % 26])
    }

    /// `rect` with a strip cut off one side.
    private static func cut(_ rect: Rect, top: Double = 0, bottom: Double = 0, left: Double = 0,
                            right: Double = 0) -> Rect {
        Rect(x: rect.x + left, y: rect.y + top, width: rect.width - left - right, height: rect.height - top - bottom)
    }
}
