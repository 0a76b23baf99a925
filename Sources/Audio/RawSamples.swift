import Foundation

/// Samples as raw little-endian Float32 bytes, no header: how a speech run stores its example
/// waveforms in the store's `checkpoint` table (docs/schema.md). The speech trainer writes them and
/// the speech report reads them with this one codec.
public enum RawSamples {
    /// `samples` as little-endian Float32 bytes.
    public static func encode(_ samples: [Float]) -> Data {
        var data = Data(capacity: samples.count * 4)
        for s in samples { withUnsafeBytes(of: s.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// The samples of little-endian Float32 bytes; nil when the byte count is not a multiple of 4.
    public static func decode(_ data: Data) -> [Float]? {
        guard data.count % 4 == 0 else { return nil }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}
