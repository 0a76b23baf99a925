import CCairo
import Foundation

/// Reads back written files: PNG header and pixels (decoded by Cairo), SVG well-formedness, PDF framing.
enum ImageProbe {
    /// The width and height in a PNG's IHDR chunk, or `nil` when the signature or chunk is wrong.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, String(bytes: bytes[12..<16], encoding: .ascii) == "IHDR"
        else { return nil }
        func be32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    /// Pixel statistics of a PNG file decoded by Cairo: the share of pixels that are not white and the
    /// variance of their grey level (0…1).
    static func pixelStatistics(path: String) -> (inkShare: Double, variance: Double)? {
        guard let surface = cairo_image_surface_create_from_png(path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let base = cairo_image_surface_get_data(surface)
        else { return nil }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var ink = 0
        var sum = 0.0
        var sumSquares = 0.0
        for y in 0..<height {
            let row = base + y * stride
            for x in 0..<width {
                let pixel = row.advanced(by: x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
                let grey = (Double((pixel >> 16) & 0xFF) + Double((pixel >> 8) & 0xFF) + Double(pixel & 0xFF)) / 765
                if grey < 0.98 { ink += 1 }
                sum += grey
                sumSquares += grey * grey
            }
        }
        let count = Double(width * height)
        let mean = sum / count
        return (Double(ink) / count, sumSquares / count - mean * mean)
    }

    /// The number of pixels in one column of a PNG file whose 8-bit red, green and blue satisfy `matches`.
    static func countPixels(path: String, column: Int, matches: (Int, Int, Int) -> Bool) -> Int? {
        guard let surface = cairo_image_surface_create_from_png(path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let base = cairo_image_surface_get_data(surface),
              column < Int(cairo_image_surface_get_width(surface)) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        return (0..<Int(cairo_image_surface_get_height(surface))).filter { y in
            let pixel = (base + y * stride).advanced(by: column * 4)
                .withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
            return matches(Int((pixel >> 16) & 0xFF), Int((pixel >> 8) & 0xFF), Int(pixel & 0xFF))
        }.count
    }

    /// Whether `data` parses as XML.
    static func isWellFormedXML(_ data: Data) -> Bool {
        XMLParser(data: data).parse()
    }

    /// Whether `data` is framed as a PDF file: `%PDF-` first and `%%EOF` last.
    static func isFramedPDF(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("%PDF-") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("%%EOF")
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif
