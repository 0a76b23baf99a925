import Foundation
import RegionImages

/// A fresh temporary directory.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "inr-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A `width`×`height` picture with a smooth colour gradient, and a label map with `regions` vertical bands.
func writeBandedImage(in dir: String, name: String, width: Int, height: Int, regions: Int, labelValues: [Int]? = nil) throws -> (image: String, labels: String) {
    var rgb: [UInt8] = [], gray: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            rgb += [UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)), UInt8((x + y) % 2 == 0 ? 200 : 60)]
            let band = min(regions - 1, x * regions / width)
            let v = UInt8(labelValues?[band] ?? band)
            gray += [v, v, v]
        }
    }
    let image = dir + "/\(name).png", labels = dir + "/\(name).regions.png"
    try RGBRaster(width: width, height: height, bytes: rgb).writePNG(to: image)
    try RGBRaster(width: width, height: height, bytes: gray).writePNG(to: labels)
    return (image, labels)
}
