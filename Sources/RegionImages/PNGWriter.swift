import CCairo
import Foundation

extension RGBRaster {
    /// Writes the raster as an 8-bit RGB PNG through Cairo, via a temporary file renamed into place
    /// (so `path` is never left half-written).
    /// - Throws: ``RegionImageError/unwritable(path:reason:)`` naming the path when it cannot be written.
    public func writePNG(to path: String) throws {
        guard let surface = makeSurface() else {
            throw RegionImageError.unwritable(path: path, reason: "cannot create an image surface")
        }
        defer { cairo_surface_destroy(surface) }
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
