import Foundation

/// The number of rows and columns of a figure's grid of panels.
struct GridShape: Equatable {
    let columns: Int
    let rows: Int

    /// `columns` columns (at most one per panel) and as many rows as the panels need.
    init(panels: Int, columns: Int) {
        self.columns = max(1, min(columns, panels))
        self.rows = (panels + self.columns - 1) / self.columns
    }

    /// The shape for `panels` panels in a `width` × `height` area whose cells come closest to `aspect`
    /// (width / height), with a small penalty for empty cells and never a whole empty row.
    static func automatic(panels: Int, width: Double, height: Double, aspect: Double) -> GridShape {
        var best = GridShape(panels: panels, columns: 1)
        var bestScore = Double.infinity
        for columns in 1...max(1, panels) {
            let shape = GridShape(panels: panels, columns: columns)
            let empty = shape.rows * shape.columns - panels
            guard empty < shape.columns else { continue }
            let cellAspect = (width / Double(shape.columns)) / (height / Double(shape.rows))
            let score = abs(log(cellAspect / aspect)) + 0.5 * Double(empty) / Double(panels)
            if score < bestScore {
                best = shape
                bestScore = score
            }
        }
        return best
    }

    /// The row and column of panel `index`, filling rows left to right.
    func position(of index: Int) -> (row: Int, column: Int) {
        (index / columns, index % columns)
    }

    /// The index of the panel at `row`, `column`, or `nil` past the last panel or outside the grid.
    func index(row: Int, column: Int, panels: Int) -> Int? {
        guard row >= 0, column >= 0, column < columns else { return nil }
        let index = row * columns + column
        return index < panels ? index : nil
    }
}
