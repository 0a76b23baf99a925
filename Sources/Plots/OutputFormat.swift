/// The file formats a figure can be written in.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A raster image at the size's resolution, for Markdown reports and the screen.
    case png
    /// Scalable vector graphics in points, with text drawn as glyph outlines.
    case svg
    /// PDF in points with embedded DejaVu Sans subsets, for papers.
    case pdf

    /// The format named by a path's extension (case-insensitive).
    ///
    /// - Throws: ``PlotError/unknownFormat(_:)`` unless the extension is `png`, `svg` or `pdf`.
    public init(path: String) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        guard let format = OutputFormat(rawValue: ext.lowercased()) else {
            throw PlotError.unknownFormat(ext)
        }
        self = format
    }
}
