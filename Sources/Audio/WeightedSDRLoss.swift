/// The weighted SDR loss (wSDR) of Choi et al. 2019, "Phase-aware speech enhancement with deep complex
/// U-Net", used by the paper (appendix D.3), with its gradient.
///
/// With noisy `x`, clean `y`, estimate `ŷ`, noise `z = x − y` and estimated noise `ẑ = x − ŷ`:
///
///     α    = ‖y‖² / (‖y‖² + ‖z‖² + ε)
///     sdr(a, b) = −⟨a, b⟩ / (‖a‖·‖b‖ + ε)
///     loss = α·sdr(y, ŷ) + (1 − α)·sdr(z, ẑ)
///
/// with `ε = 1e-8`, as in the reference implementation. The loss lies in [-1, 1]; −1 is a perfect
/// estimate. Sums are in Double whatever the sample type.
public enum WeightedSDRLoss {
    /// The ε of the formula.
    public static let epsilon = 1e-8

    /// The loss for one utterance and its gradient with respect to `estimate`.
    ///
    /// Where `‖ŷ‖` (or `‖ẑ‖`) is zero its norm has no gradient; that term's norm part is taken as zero.
    /// - Throws: `.lengthMismatch` when the three signals differ in length, `.invalidArgument` when empty.
    public static func evaluate<T: BinaryFloatingPoint>(
        estimate: [T], noisy: [T], clean: [T]
    ) throws -> (value: Double, gradient: [T]) {
        try SISNR.checkPair(estimate, clean, name: "estimate")
        try SISNR.checkPair(noisy, clean, name: "noisy")
        let y = clean.map(Double.init)
        let yHat = estimate.map(Double.init)
        let x = noisy.map(Double.init)
        let z = zip(x, y).map { $0 - $1 }
        let zHat = zip(x, yHat).map { $0 - $1 }
        let cleanEnergy = SISNR.dot(y, y)
        let noiseEnergy = SISNR.dot(z, z)
        let alpha = cleanEnergy / (cleanEnergy + noiseEnergy + epsilon)
        let speech = negativeCosine(y, yHat)
        let noise = negativeCosine(z, zHat)
        let value = alpha * speech.value + (1 - alpha) * noise.value
        // ẑ = x − ŷ, so the noise term's gradient with respect to ŷ is minus its gradient in ẑ.
        let gradient = (0..<y.count).map { i in
            T(alpha * speech.gradient[i] - (1 - alpha) * noise.gradient[i])
        }
        return (value, gradient)
    }

    /// The loss alone; see ``evaluate(estimate:noisy:clean:)``.
    public static func value<T: BinaryFloatingPoint>(estimate: [T], noisy: [T], clean: [T]) throws -> Double {
        try evaluate(estimate: estimate, noisy: noisy, clean: clean).value
    }

    /// `sdr(a, b) = −⟨a, b⟩ / (‖a‖‖b‖ + ε)` and its gradient with respect to `b`:
    /// `−a / D + ⟨a, b⟩·‖a‖·b / (D²·‖b‖)` with `D = ‖a‖‖b‖ + ε`.
    static func negativeCosine(_ a: [Double], _ b: [Double]) -> (value: Double, gradient: [Double]) {
        let product = SISNR.dot(a, b)
        let normA = SISNR.dot(a, a).squareRoot()
        let normB = SISNR.dot(b, b).squareRoot()
        let denominator = normA * normB + epsilon
        let normPart = normB > 0 ? product * normA / (denominator * denominator * normB) : 0
        let gradient = (0..<a.count).map { i in -a[i] / denominator + normPart * b[i] }
        return (-product / denominator, gradient)
    }
}
