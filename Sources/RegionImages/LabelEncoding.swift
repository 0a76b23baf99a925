/// How a label-map PNG encodes regions.
public enum LabelEncoding: String, Sendable, Codable, CaseIterable {
    /// Gray value r is region r (0, 1, 2, ...). Every value up to the largest must occur.
    case index
    /// Distinct gray values, numbered in increasing value order (e.g. class ids 3, 17, 40 → 0, 1, 2).
    case values
    /// Distinct RGB colours (a coloured segmentation), numbered from the largest region down.
    case colors

    /// Region index per pixel and the region count, or the reason the map cannot be used.
    func regions(of raster: RGBRaster, path: String) throws -> (regions: [Int], count: Int) {
        let n = raster.width * raster.height
        let b = raster.bytes
        switch self {
        case .index, .values:
            var values = [Int](repeating: 0, count: n)
            for i in 0..<n {
                guard b[3 * i] == b[3 * i + 1], b[3 * i] == b[3 * i + 2] else {
                    throw RegionImageError.unsupported(path: path, reason: "label map has colour pixels (first at pixel \(i % raster.width), \(i / raster.width)); use label_encoding \"colors\" for a coloured segmentation")
                }
                values[i] = Int(b[3 * i])
            }
            let present = Array(Set(values)).sorted()
            if self == .values {
                let number = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($0.element, $0.offset) })
                return (values.map { number[$0]! }, present.count)
            }
            let count = present.last! + 1
            if present.count < count {
                let missing = (0..<count).first { !present.contains($0) }!
                throw RegionImageError.emptyRegion(labels: path, region: missing, present: present)
            }
            return (values, count)
        case .colors:
            var sizes: [Int: Int] = [:]
            var colours = [Int](repeating: 0, count: n)
            for i in 0..<n {
                let r = Int(b[3 * i]), g = Int(b[3 * i + 1]), blue = Int(b[3 * i + 2])
                colours[i] = r << 16 | g << 8 | blue
            }
            for c in colours { sizes[c, default: 0] += 1 }
            let order = sizes.keys.sorted { (sizes[$0]!, -$0) > (sizes[$1]!, -$1) }
            let number = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
            return (colours.map { number[$0]! }, order.count)
        }
    }
}
