import CCairo
import Foundation

/// Creates the Cairo surface for an output format, lets a drawing closure paint on it in figure points, and
/// returns the encoded file.
///
/// Output is reproducible: PNG carries no time stamp; PDF gets a fixed creation date (Cairo would otherwise
/// write the current time); SVG has no dates, and the surface ids Cairo numbers per process are renumbered
/// from 1.
enum SurfaceWriter {
    /// The creation date written into every PDF.
    static let pdfCreationDate = "2000-01-01T00:00:00Z"

    /// Draws with `draw` on a fresh surface of `format` and `size` and returns the file's bytes.
    ///
    /// - Throws: whatever `draw` throws, or ``PlotError/cairo(_:)`` when Cairo fails.
    static func render(_ format: OutputFormat, size: Size, title: String?,
                       draw: (Canvas) throws -> Void) throws -> Data {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer?
        switch format {
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size.pixelWidth), Int32(size.pixelHeight))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(appendBytes, closure, size.width, size.height)
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(appendBytes, closure, size.width, size.height)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, pdfCreationDate)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "TicketScope Plots")
            if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
        }
        guard let surface else { throw PlotError.cairo("could not create a \(format.rawValue) surface") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))
        guard let cr = cairo_create(surface) else { throw PlotError.cairo("could not create a drawing context") }
        defer { cairo_destroy(cr) }
        if format == .png {
            cairo_scale(cr, Double(size.pixelWidth) / size.width, Double(size.pixelHeight) / size.height)
        }
        try draw(Canvas(cr))
        try check(cairo_status(cr))
        if format == .png {
            cairo_surface_flush(surface)
            try check(cairo_surface_write_to_png_stream(surface, appendBytes, closure))
        } else {
            cairo_show_page(cr)
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return withExtendedLifetime(sink) {
            format == .svg ? renumberingSurfaceIDs(sink.data) : sink.data
        }
    }

    /// Throws unless `status` is success.
    private static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(String(cString: cairo_status_to_string(status))) }
    }

    /// SVG text whose `surfaceN` ids, numbered by Cairo across the whole process, are renumbered 1, 2, … in
    /// order of first appearance, so that the same figure always gives the same bytes.
    static func renumberingSurfaceIDs(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8),
              let regex = try? NSRegularExpression(pattern: "surface([0-9]+)") else { return data }
        var numbers: [String: Int] = [:]
        var result = ""
        var last = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let digits = Range(match.range(at: 1), in: text) else {
                continue
            }
            let number = numbers[String(text[digits])] ?? (numbers.count + 1)
            numbers[String(text[digits])] = number
            result += text[last..<whole.lowerBound] + "surface\(number)"
            last = whole.upperBound
        }
        result += text[last...]
        return Data(result.utf8)
    }
}

/// Collects the bytes Cairo writes to a stream.
private final class ByteSink {
    var data = Data()
}

/// Cairo's write callback: appends to the ``ByteSink`` passed as closure.
private let appendBytes: cairo_write_func_t = { closure, bytes, length in
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    if let bytes, length > 0 {
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    }
    return CAIRO_STATUS_SUCCESS
}
