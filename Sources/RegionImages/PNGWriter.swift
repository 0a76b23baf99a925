import CCairo
import Foundation

extension RGBRaster {
    /// Writes the raster as an 8-bit RGB PNG through Cairo, via a temporary file renamed into place
    /// (so `path` is never left half-written).
    /// - Throws: ``RegionImageError/unwritable(path:reason:)`` naming the path when it cannot be written.
    public func writePNG(to path: String) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw RegionImageError.unwritable(path: path, reason: "cannot create an image surface")
        }
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 3
                let word = UInt32(0xFF00_0000) | UInt32(bytes[o]) << 16 | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2])
                data.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee = word }
            }
        }
        cairo_surface_mark_dirty(surface)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let status = cairo_surface_write_to_png(surface, temporary)
        guard status == CAIRO_STATUS_SUCCESS else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw RegionImageError.unwritable(path: path, reason: "\(String(cString: cairo_status_to_string(status)))")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw RegionImageError.unwritable(path: path, reason: "cannot move the written file into place")
        }
    }
}
