import CSoxr

/// Sample-rate conversion with libsoxr's one-shot resampler at high quality (`SOXR_HQ`:
/// 20-bit precision, linear phase, delay compensated so the output stays aligned with the input).
public enum Resampler {
    /// `samples` at `inputRate` converted to `outputRate`; a copy when the rates are equal.
    ///
    /// The output has `round(samples.count · outputRate / inputRate)` samples.
    /// - Throws: `.invalidArgument` for a rate ≤ 0, `.resamplingFailed` when libsoxr reports an error.
    public static func resample(_ samples: [Float], from inputRate: Int, to outputRate: Int) throws -> [Float] {
        guard inputRate > 0, outputRate > 0 else {
            throw AudioError.invalidArgument(reason: "sample rates must be positive (got \(inputRate) → \(outputRate))")
        }
        if inputRate == outputRate || samples.isEmpty { return samples }
        let outputCount = Int((Double(samples.count) * Double(outputRate) / Double(inputRate)).rounded())
        var output = [Float](repeating: 0, count: outputCount)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        var ioSpec = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var produced = 0
        let error = samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                soxr_oneshot(
                    Double(inputRate), Double(outputRate), 1,
                    input.baseAddress, input.count, nil,
                    out.baseAddress, out.count, &produced,
                    &ioSpec, &quality, nil)
            }
        }
        if let error { throw AudioError.resamplingFailed(reason: String(cString: error)) }
        guard produced == outputCount else {
            throw AudioError.resamplingFailed(reason: "libsoxr produced \(produced) samples, expected \(outputCount)")
        }
        return output
    }
}
