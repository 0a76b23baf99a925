import AtomicFile
import CCairo
import Foundation

/// An 8-bit RGB picture to place in an ``ImageGrid`` (3 bytes per pixel, row-major).
public struct GridImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let rgb: [UInt8]

    public init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width; self.height = height; self.rgb = rgb
    }
}

/// Pictures in rows and columns with column titles, row labels and an optional caption per cell
/// (e.g. target / RTL / IMP reconstructions per image with their PSNR). Pixels are drawn unsmoothed,
/// so each stored pixel stays visible as a square.
public struct ImageGrid: Hashable, Sendable {
    /// Cells row by row; nil leaves a cell empty (with "n/a").
    public var cells: [[GridImage?]]
    public var columnTitles: [String]
    public var rowLabels: [String]
    /// Small text under each cell (same shape as `cells`), or nil.
    public var captions: [[String]]?
    public var title: String?

    public init(cells: [[GridImage?]], columnTitles: [String], rowLabels: [String], captions: [[String]]? = nil, title: String? = nil) {
        self.cells = cells; self.columnTitles = columnTitles; self.rowLabels = rowLabels; self.captions = captions; self.title = title
    }

    /// Writes the grid as PNG, SVG or PDF (by extension), each cell `cellPoints` wide, whole or not at all.
    /// - Throws: ``PlotError`` for a ragged grid, a picture whose bytes do not match its size, or a write failure.
    public func render(to path: String, cellPoints: Double = 96, dpi: Double = 150) throws {
        let data = try rendered(as: OutputFormat(path: path), cellPoints: cellPoints, dpi: dpi)
        try PlotError.writing { try AtomicFile.write(data, to: path) }
    }

    /// Draws the grid and returns the encoded file: the same input always gives the same bytes.
    /// - Throws: ``PlotError`` for a ragged grid or a picture whose bytes do not match its size.
    public func rendered(as format: OutputFormat, cellPoints: Double = 96, dpi: Double = 150) throws -> Data {
        let columns = columnTitles.count
        guard !cells.isEmpty, columns > 0 else { throw PlotError.noCharts }
        if let bad = cells.firstIndex(where: { $0.count != columns }) {
            throw PlotError.raggedMatrix(chart: "image grid", row: bad, count: cells[bad].count, expected: columns)
        }
        guard rowLabels.count == cells.count else {
            throw PlotError.labelCountMismatch(chart: "image grid", axis: "row", labels: rowLabels.count, expected: cells.count)
        }
        if let captions, captions.count != cells.count || captions.contains(where: { $0.count != columns }) {
            throw PlotError.labelCountMismatch(chart: "image grid", axis: "caption row", labels: captions.count, expected: cells.count)
        }
        for row in cells { for case let image? in row where image.rgb.count != image.width * image.height * 3 || image.width < 1 || image.height < 1 {
            throw PlotError.pictureSize(width: image.width, height: image.height, bytes: image.rgb.count)
        } }
        let gap = 6.0, labelWidth = 78.0, header = 16.0 + (title == nil ? 0 : 18), captionHeight = captions == nil ? 0 : 12.0
        let size = Size(width: labelWidth + Double(columns) * (cellPoints + gap) + gap,
                        height: header + Double(cells.count) * (cellPoints + captionHeight + gap) + gap, dpi: dpi)
        return try SurfaceWriter.render(format, size: size, title: title) { canvas in
            canvas.fill(Rect(x: 0, y: 0, width: size.width, height: size.height), color: Color(hex: 0xFFFFFF))
            let titleStyle = TextStyle(size: 10, bold: true), labelStyle = TextStyle(size: 8.5), captionStyle = TextStyle(size: 7.5, color: Color(hex: 0x444444))
            if let title { canvas.draw(title, at: Point(x: size.width / 2, y: 6), titleStyle, horizontal: .center, vertical: .top) }
            for (c, name) in columnTitles.enumerated() {
                let x = labelWidth + gap + Double(c) * (cellPoints + gap) + cellPoints / 2
                canvas.draw(canvas.fitting(name, width: cellPoints, labelStyle), at: Point(x: x, y: header - 4), TextStyle(size: 8.5, bold: true), horizontal: .center, vertical: .bottom)
            }
            for (r, row) in cells.enumerated() {
                let y = header + Double(r) * (cellPoints + captionHeight + gap)
                canvas.draw(canvas.fitting(rowLabels[r], width: labelWidth - 4, labelStyle), at: Point(x: labelWidth, y: y + cellPoints / 2), labelStyle, horizontal: .right, vertical: .middle)
                for (c, image) in row.enumerated() {
                    let rect = Rect(x: labelWidth + gap + Double(c) * (cellPoints + gap), y: y, width: cellPoints, height: cellPoints)
                    if let image { canvas.drawPicture(image, in: rect) } else {
                        canvas.strokeRect(rect, color: Color(hex: 0xBBBBBB), width: 0.5)
                        canvas.draw("n/a", at: Point(x: rect.x + rect.width / 2, y: rect.y + rect.height / 2), captionStyle, horizontal: .center, vertical: .middle)
                    }
                    if let captions {
                        canvas.draw(canvas.fitting(captions[r][c], width: cellPoints, captionStyle), at: Point(x: rect.x + rect.width / 2, y: rect.y + rect.height + 2),
                                    captionStyle, horizontal: .center, vertical: .top)
                    }
                }
            }
        }
    }
}

extension Canvas {
    /// Paints `image` scaled into `rect` (aspect ratio kept, centred), nearest-neighbour.
    func drawPicture(_ image: GridImage, in rect: Rect) {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height)) else { return }
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        for y in 0..<image.height {
            for x in 0..<image.width {
                let o = (y * image.width + x) * 3
                let word = UInt32(0xFF00_0000) | UInt32(image.rgb[o]) << 16 | UInt32(image.rgb[o + 1]) << 8 | UInt32(image.rgb[o + 2])
                data.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee = word }
            }
        }
        cairo_surface_mark_dirty(surface)
        let scale = min(rect.width / Double(image.width), rect.height / Double(image.height))
        let w = Double(image.width) * scale, h = Double(image.height) * scale
        cairo_save(cr)
        cairo_translate(cr, rect.x + (rect.width - w) / 2, rect.y + (rect.height - h) / 2)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
