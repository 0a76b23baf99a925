import Plots

/// A figure and the size it is embedded at in a report (PNG next to the README).
struct ReportFigure {
    let name: String
    let figure: Figure
    let size: Size

    func render(to path: String) throws {
        do { try figure.render(to: path, format: .png, size: size) } catch {
            throw ReportError.figure(name: name, reason: "\(error)")
        }
    }

    /// A grid height that keeps panels readable: about 1.5 inches per row.
    static func gridSize(panels: Int, columns: Int) -> Size {
        let rows = (panels + columns - 1) / columns
        return .inches(width: 6.5, height: max(3, 0.6 + 1.5 * Double(rows)), dpi: 150)
    }
}
