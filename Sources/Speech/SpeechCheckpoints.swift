import Foundation

/// Names and encoding of the checkpoints a speech run stores. Waveforms are raw little-endian
/// Float32 samples at the run's `sample_rate` (from its stored configuration).
public enum SpeechCheckpoints {
    /// The noisy input of scene `scene`'s example (its first test pair).
    public static func noisy(_ scene: String) -> String { "noisy/\(scene)" }
    /// The clean target of scene `scene`'s example.
    public static func clean(_ scene: String) -> String { "clean/\(scene)" }
    /// The enhanced example of `scene` after retraining at `sparsity` (by that scene's subnetwork).
    public static func enhanced(_ sparsity: Double, scene: String) -> String { "enhanced@\(sparsity)/\(scene)" }
    /// Weights after retraining at `sparsity`: `shared` (RTL's shared weights), `<k>` (RTL: subnetwork
    /// k's batch-norm statistics; IMP multi: model k), `all` (IMP single).
    public static func weights(_ sparsity: Double, part: String) -> String { "retrain@\(sparsity)/\(part)" }

    /// Samples as little-endian Float32 bytes.
    public static func encode(_ samples: [Float]) -> Data {
        var data = Data(capacity: samples.count * 4)
        for s in samples { withUnsafeBytes(of: s.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Samples from little-endian Float32 bytes; nil when the byte count is not a multiple of 4.
    public static func decode(_ data: Data) -> [Float]? {
        guard data.count % 4 == 0 else { return nil }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}
