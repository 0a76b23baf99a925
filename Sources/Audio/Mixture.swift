/// Clean speech mixed with noise at a chosen signal-to-noise ratio, with the parts that made it.
public struct Mixture: Equatable, Sendable {
    /// `clean + noise`, the length of the clean signal.
    public let noisy: [Float]
    /// The noise exactly as added: cropped or looped to the clean length, then scaled by ``noiseGain``.
    public let noise: [Float]
    /// The factor the noise was multiplied by.
    public let noiseGain: Double
}
