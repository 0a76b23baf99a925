import Foundation

/// Mixing clean speech with noise at a given SNR.
///
/// Length policy: the mixture always has the length of the clean signal. The noise used is
/// `noise[(offset + i) % noise.count]` for `i` in `0..<clean.count`: noise longer than the speech is
/// cropped, starting at `offset` (default 0); noise shorter than the speech (or than what remains
/// after `offset`) is looped, wrapping to its start. The mixture is not normalised, so it may exceed [-1, 1].
public enum Mixing {
    /// `clean` plus the aligned `noise`, scaled so that `10·log10(P_clean / P_noise) = snr`, where
    /// `P` is the mean square over the clean length (of the noise after cropping or looping).
    /// - Throws: `.silentSignal` when `clean`, `noise` or the aligned noise segment is empty or all zeros,
    ///   `.invalidArgument` for a non-finite `snr` or an `offset` outside `0..<noise.count`.
    public static func mix(clean: [Float], noise: [Float], snr: Double, offset: Int = 0) throws -> Mixture {
        guard snr.isFinite else { throw AudioError.invalidArgument(reason: "SNR \(snr) dB is not finite") }
        let cleanPower = meanSquare(clean)
        guard cleanPower > 0 else { throw AudioError.silentSignal(signal: "clean") }
        let segment = try alignedNoise(noise, length: clean.count, offset: offset)
        let noisePower = meanSquare(segment)
        guard noisePower > 0 else { throw AudioError.silentSignal(signal: "noise segment (from offset \(offset))") }
        let gain = (cleanPower / (noisePower * pow(10, snr / 10))).squareRoot()
        let scaled = segment.map { Float(Double($0) * gain) }
        let noisy = zip(clean, scaled).map { $0 + $1 }
        return Mixture(noisy: noisy, noise: scaled, noiseGain: gain)
    }

    /// `length` samples of `noise` starting at `offset`, wrapping to its start when it runs out
    /// (the crop-or-loop policy of ``mix(clean:noise:snr:offset:)``).
    /// - Throws: `.silentSignal` when `noise` is empty or all zeros, `.invalidArgument` for an `offset`
    ///   outside `0..<noise.count` or a negative `length`.
    public static func alignedNoise(_ noise: [Float], length: Int, offset: Int = 0) throws -> [Float] {
        guard noise.contains(where: { $0 != 0 }) else { throw AudioError.silentSignal(signal: "noise") }
        guard offset >= 0, offset < noise.count else {
            throw AudioError.invalidArgument(reason: "noise offset \(offset) is outside 0..<\(noise.count)")
        }
        guard length >= 0 else { throw AudioError.invalidArgument(reason: "length \(length) is negative") }
        return (0..<length).map { noise[(offset + $0) % noise.count] }
    }

    /// Mean of the squares, in Double; 0 for an empty signal.
    static func meanSquare(_ signal: [Float]) -> Double {
        guard !signal.isEmpty else { return 0 }
        return signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(signal.count)
    }
}
