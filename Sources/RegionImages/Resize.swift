import CCairo

extension RGBRaster {
    /// The size with the longer side scaled to `longSide` (aspect ratio kept, sides rounded, at least 1).
    public func scaledSize(longSide: Int) -> (width: Int, height: Int) {
        let scale = Double(longSide) / Double(max(width, height))
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The raster resampled to `width`×`height` by Cairo with its "good" filter (box filtering when
    /// shrinking, bilinear when enlarging): for photographs.
    public func smoothlyResized(width newWidth: Int, height newHeight: Int) -> RGBRaster {
        if newWidth == width, newHeight == height { return self }
        let source = makeSurface()!   // small rasters: allocation failure is not recoverable here
        let target = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(newWidth), Int32(newHeight))!
        defer { cairo_surface_destroy(source); cairo_surface_destroy(target) }
        let cr = cairo_create(target)!
        cairo_scale(cr, Double(newWidth) / Double(width), Double(newHeight) / Double(height))
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(target)
        let targetStride = Int(cairo_image_surface_get_stride(target))
        let t = cairo_image_surface_get_data(target)!
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for y in 0..<newHeight {
            for x in 0..<newWidth {
                let word = t.advanced(by: y * targetStride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
                let o = (y * newWidth + x) * 3
                (out[o], out[o + 1], out[o + 2]) = (UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF))
            }
        }
        return RGBRaster(width: newWidth, height: newHeight, bytes: out)
    }

    /// The raster resampled to `width`×`height` by nearest neighbour (pixel centres): for label maps,
    /// whose values must not be blended.
    public func nearestResized(width newWidth: Int, height newHeight: Int) -> RGBRaster {
        if newWidth == width, newHeight == height { return self }
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for y in 0..<newHeight {
            let sy = min(height - 1, Int((Double(y) + 0.5) * Double(height) / Double(newHeight)))
            for x in 0..<newWidth {
                let sx = min(width - 1, Int((Double(x) + 0.5) * Double(width) / Double(newWidth)))
                for c in 0..<3 { out[(y * newWidth + x) * 3 + c] = bytes[(sy * width + sx) * 3 + c] }
            }
        }
        return RGBRaster(width: newWidth, height: newHeight, bytes: out)
    }
}
