import AtomicFile
import Foundation

extension Figure {
    /// Draws the figure and writes it to `path`, whole or not at all.
    ///
    /// - Parameters:
    ///   - path: the output file; its extension (`.png`, `.svg`, `.pdf`) gives the format unless `format` is set.
    ///   - format: the format, overriding the extension.
    ///   - size: the size in points and, for PNG, the resolution.
    /// - Throws: ``PlotError`` for bad data, size or path, or when the file cannot be written.
    public func render(to path: String, format: OutputFormat? = nil, size: Size = .report) throws {
        let data = try rendered(as: format ?? OutputFormat(path: path), size: size)
        try PlotError.writing { try AtomicFile.write(data, to: path) }
    }

    /// Draws the figure and returns the encoded file: the same input always gives the same bytes.
    ///
    /// - Throws: ``PlotError`` for bad data or size.
    public func rendered(as format: OutputFormat, size: Size = .report) throws -> Data {
        try size.validate()
        let model = try FigureModel(self)
        return try SurfaceWriter.render(format, size: size, title: title) { canvas in
            try FigureRenderer(model: model, canvas: canvas, size: size).draw()
        }
    }
}
