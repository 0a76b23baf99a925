import CCairo
import Foundation

/// An 8-bit RGB raster decoded by Cairo's PNG loader (libpng), row-major, 3 bytes per pixel.
public struct RGBRaster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// R, G, B per pixel, row by row.
    public let bytes: [UInt8]

    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height * 3, "RGBRaster: \(bytes.count) bytes for \(width)×\(height)")
        self.width = width; self.height = height; self.bytes = bytes
    }

    /// "W×H".
    public var sizeText: String { "\(width)×\(height)" }
}

/// Reads PNG files through Cairo (`cairo_image_surface_create_from_png`), after checking the PNG
/// signature and header so that a non-PNG file or an unsupported depth gets a clear message.
public enum PNGFile {
    /// What the PNG header (IHDR) says.
    public struct Header: Sendable, Equatable {
        public let width: Int
        public let height: Int
        public let bitDepth: Int
        /// 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
        public let colorType: Int
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The signature and IHDR chunk of the file at `path`.
    public static func header(_ path: String) throws -> Header {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw RegionImageError.unreadable(path: path, reason: exists ? "permission denied or not a file" : "no such file")
        }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 33))
        guard head.count >= 8, Array(head[0..<8]) == signature else { throw RegionImageError.notPNG(path: path) }
        guard head.count == 33, String(decoding: head[12..<16], as: UTF8.self) == "IHDR" else {
            throw RegionImageError.unreadable(path: path, reason: "PNG header (IHDR) missing or truncated")
        }
        func be32(_ at: Int) -> Int { head[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return Header(width: be32(16), height: be32(20), bitDepth: Int(head[24]), colorType: Int(head[25]))
    }

    /// Decodes the PNG at `path` to 8-bit RGB. Alpha is dropped (colours are un-premultiplied);
    /// gray images come back with R = G = B; 16-bit channels are reduced to 8 bits by libpng.
    public static func readRGB(_ path: String) throws -> RGBRaster {
        _ = try header(path)
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw RegionImageError.unreadable(path: path, reason: "Cairo returned no surface")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RegionImageError.unreadable(path: path, reason: "PNG decoding failed (\(String(cString: cairo_status_to_string(status))))")
        }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw RegionImageError.unreadable(path: path, reason: "no pixel data")
        }
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 3
                switch format {
                case CAIRO_FORMAT_A8:
                    let v = data[y * stride + x]
                    (bytes[o], bytes[o + 1], bytes[o + 2]) = (v, v, v)
                default:
                    // ARGB32 / RGB24: native-endian 32-bit words 0xAARRGGBB, colours premultiplied by alpha.
                    let word = data.advanced(by: y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
                    let a = format == CAIRO_FORMAT_ARGB32 ? Int(word >> 24 & 0xFF) : 255
                    func channel(_ shift: UInt32) -> UInt8 {
                        let c = Int(word >> shift & 0xFF)
                        return a == 255 || a == 0 ? UInt8(c) : UInt8(min(255, (c * 255 + a / 2) / a))
                    }
                    (bytes[o], bytes[o + 1], bytes[o + 2]) = (channel(16), channel(8), channel(0))
                }
            }
        }
        return RGBRaster(width: width, height: height, bytes: bytes)
    }
}
