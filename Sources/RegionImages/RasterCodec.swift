import Foundation

extension RGBRaster {
    /// A compact binary form for storing in a run: "RGB8", width and height as little-endian UInt32,
    /// then the bytes.
    public var encoded: Data {
        var data = Data("RGB8".utf8)
        for v in [UInt32(width), UInt32(height)] { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: bytes)
        return data
    }

    /// Decodes ``encoded``; nil if the data is not such a raster.
    public init?(encoded data: Data) {
        let b = [UInt8](data)
        guard b.count >= 12, Array(b[0..<4]) == Array("RGB8".utf8) else { return nil }
        func le32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(b[at + $1]) << (8 * $1) } }
        let w = le32(4), h = le32(8)
        guard w > 0, h > 0, b.count == 12 + w * h * 3 else { return nil }
        self.init(width: w, height: h, bytes: Array(b[12...]))
    }

    /// A raster from channel values in [0, 1] (clamped, rounded), 3 per pixel.
    public init(width: Int, height: Int, values: [Float]) {
        self.init(width: width, height: height, bytes: values.map { UInt8((min(max($0, 0), 1) * 255).rounded()) })
    }
}
