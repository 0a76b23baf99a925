import Foundation

/// Scale-invariant signal-to-noise ratio (SI-SNR, Luo & Mesgarani 2018), as asteroid computes it.
///
/// Both signals are made zero-mean; the estimate is projected on the reference,
/// `s_target = ⟨ŝ, s⟩·s / (‖s‖² + ε)`, `e = ŝ − s_target`, and
/// `SI-SNR = 10·log10(‖s_target‖² / (‖e‖² + ε) + ε)` dB with `ε = 1e-8`. Sums are in Double.
public enum SISNR {
    /// The ε of the formula, as in asteroid.
    public static let epsilon = 1e-8

    /// SI-SNR of `estimate` against `reference`, in dB.
    /// - Throws: `.lengthMismatch` when the lengths differ, `.invalidArgument` when they are empty.
    public static func value<T: BinaryFloatingPoint>(estimate: [T], reference: [T]) throws -> Double {
        try checkPair(estimate, reference, name: "estimate")
        let s = zeroMean(reference)
        let e = zeroMean(estimate)
        let projection = dot(e, s) / (dot(s, s) + epsilon)
        var targetEnergy = 0.0, noiseEnergy = 0.0
        for i in s.indices {
            let target = projection * s[i]
            targetEnergy += target * target
            noiseEnergy += (e[i] - target) * (e[i] - target)
        }
        return 10 * log10(targetEnergy / (noiseEnergy + epsilon) + epsilon)
    }

    /// SI-SNR improvement, `SI-SNR(estimate, clean) − SI-SNR(noisy, clean)`, in dB.
    /// - Throws: `.lengthMismatch` when the lengths differ, `.invalidArgument` when they are empty.
    public static func improvement<T: BinaryFloatingPoint>(estimate: [T], noisy: [T], clean: [T]) throws -> Double {
        try checkPair(noisy, clean, name: "noisy")
        return try value(estimate: estimate, reference: clean) - value(estimate: noisy, reference: clean)
    }

    /// Throws unless `signal` (called `name`) and `reference` have the same positive length.
    static func checkPair<T>(_ signal: [T], _ reference: [T], name: String) throws {
        guard signal.count == reference.count else {
            throw AudioError.lengthMismatch(expected: reference.count, actual: signal.count, signal: name)
        }
        guard !reference.isEmpty else { throw AudioError.invalidArgument(reason: "the signals are empty") }
    }

    /// `signal` in Double with its mean removed.
    static func zeroMean<T: BinaryFloatingPoint>(_ signal: [T]) -> [Double] {
        let values = signal.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { $0 - mean }
    }

    /// The inner product of two equally long vectors.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
