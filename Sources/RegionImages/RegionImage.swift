import Foundation

/// An RGB image with one region index per pixel: the data of one INR experiment (paper appendix C).
/// The pixels of region r form subset r.
public struct RegionImage: Sendable {
    /// A short name (the image file's name without extension).
    public let name: String
    public let width: Int
    public let height: Int
    /// The target colours.
    public let raster: RGBRaster
    /// Region index of each pixel, row-major.
    public let regions: [Int]
    public let regionCount: Int

    /// Builds an image from a raster and per-pixel regions (counts must match).
    public init(name: String, raster: RGBRaster, regions: [Int], regionCount: Int) {
        precondition(regions.count == raster.width * raster.height && regions.allSatisfy { (0..<regionCount).contains($0) })
        self.name = name; self.raster = raster; self.regions = regions; self.regionCount = regionCount
        width = raster.width; height = raster.height
    }

    /// Pixel indices of each region.
    public var pixelsOfRegion: [[Int]] {
        var out = Array(repeating: [Int](), count: regionCount)
        for (i, r) in regions.enumerated() { out[r].append(i) }
        return out
    }

    /// Channel values in [0, 1], 3 per pixel.
    public var targetValues: [Float] { raster.bytes.map { Float($0) / 255 } }

    /// Reads an RGB PNG and its label-map PNG (same size), optionally resized so the longer side is
    /// `resize` pixels (photograph smoothly, label map by nearest neighbour).
    /// - Throws: ``RegionImageError`` for a missing or non-PNG file, different sizes, a 16-bit label
    ///   map, an empty region (`index` encoding) or more than `maxRegions` regions.
    public static func load(image: String, labels: String, encoding: LabelEncoding = .index, resize: Int? = nil,
                            maxRegions: Int = 16) throws -> RegionImage {
        if let resize, resize < 2 { throw RegionImageError.badResize(resize) }
        let labelHeader = try PNGFile.header(labels)
        if labelHeader.bitDepth == 16 {
            throw RegionImageError.unsupported(path: labels, reason: "16-bit label maps are not supported (values would be reduced to 8 bits); save it with 8 bits per channel")
        }
        var picture = try PNGFile.readRGB(image)
        var map = try PNGFile.readRGB(labels)
        guard picture.width == map.width, picture.height == map.height else {
            throw RegionImageError.sizeMismatch(image: image, imageSize: picture.sizeText, labels: labels, labelSize: map.sizeText)
        }
        if let resize {
            let (w, h) = picture.scaledSize(longSide: resize)
            picture = picture.smoothlyResized(width: w, height: h)
            map = map.nearestResized(width: w, height: h)
        }
        let (regions, count) = try encoding.regions(of: map, path: labels)
        guard count <= maxRegions else { throw RegionImageError.tooManyRegions(labels: labels, count: count, maximum: maxRegions) }
        let name = ((image as NSString).lastPathComponent as NSString).deletingPathExtension
        return RegionImage(name: name, raster: picture, regions: regions, regionCount: count)
    }
}
