import Audio

/// One noisy / clean utterance pair, with the noisy STFT computed once.
public struct SpeechMixture: Sendable {
    /// Index of the scene in ``SpeechData/scenes``.
    public let scene: Int
    public let clean: [Float]
    public let noisy: [Float]
    /// The noisy STFT as `[2, F, T]` (real then imaginary), the U-Net's input.
    public let spectrogram: [Float]
    /// STFT frames `T`.
    public let frames: Int

    /// Mixes `clean` with `noise` at `snr` dB (noise from `offset`, looped or cropped to the clean
    /// length) and takes the noisy STFT.
    public init(scene: Int, clean: [Float], noise: [Float], snr: Double, offset: Int = 0, stft: STFT) throws {
        let mixture = try Mixing.mix(clean: clean, noise: noise, snr: snr, offset: offset)
        let spectrum = try stft.forward(mixture.noisy)
        self.scene = scene
        self.clean = clean
        noisy = mixture.noisy
        spectrogram = spectrum.channels
        frames = spectrum.frames
    }
}
