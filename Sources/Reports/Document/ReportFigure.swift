import Foundation
import Plots

/// A figure's drawing: the Plots code that paints it, so that a Markdown report can link its PNG
/// while a web page embeds the same drawing as SVG.
public struct ReportFigure: Sendable {
    /// What is drawn.
    public enum Drawing: Sendable {
        /// Charts laid out by ``Plots/Figure``, at a size (and, for PNG, a resolution).
        case chart(Figure, size: Size)
        /// Pictures in a grid (e.g. reconstructions), drawn unsmoothed.
        case images(ImageGrid)
    }

    /// The file stem: the PNG beside a report is `name.png`.
    public let name: String
    public let drawing: Drawing

    /// A chart figure.
    public init(name: String, figure: Figure, size: Size) {
        self.name = name
        self.drawing = .chart(figure, size: size)
    }

    /// An image grid.
    public init(name: String, images: ImageGrid) {
        self.name = name
        self.drawing = .images(images)
    }

    /// The encoded figure; the same drawing always gives the same bytes.
    /// - Throws: ``ReportError/figure(name:reason:)`` when Plots cannot draw it.
    public func rendered(as format: OutputFormat) throws -> Data {
        do {
            switch drawing {
            case .chart(let figure, let size): return try figure.rendered(as: format, size: size)
            case .images(let grid): return try grid.rendered(as: format)
            }
        } catch {
            throw ReportError.figure(name: name, reason: "\(error)")
        }
    }

    /// A grid height that keeps panels readable: about 1.5 inches per row.
    static func gridSize(panels: Int, columns: Int) -> Size {
        let rows = (panels + columns - 1) / columns
        return .inches(width: 6.5, height: max(3, 0.6 + 1.5 * Double(rows)), dpi: 150)
    }
}
