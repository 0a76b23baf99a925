import Audio
import Foundation
import Testing

@Suite("inverse STFT backward pass")
struct STFTBackwardTests {
    /// A random spectrogram, including imaginary parts at DC and Nyquist (not Hermitian-consistent).
    private func randomSpectrogram(_ stft: STFT, frames: Int, seed: UInt64) throws -> Spectrogram {
        var generator = SeededGenerator(seed: seed)
        let count = stft.frequencies * frames
        return try Spectrogram(
            frequencies: stft.frequencies, frames: frames,
            real: (0..<count).map { _ in generator.signed() }, imag: (0..<count).map { _ in generator.signed() })
    }

    /// Σ r·istft(S), in Double.
    private func loss(_ stft: STFT, _ spectrogram: Spectrogram, _ r: [Float]) throws -> Double {
        let y = try stft.inverse(spectrogram, length: r.count)
        return zip(y, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test("matches central finite differences of Σ r·istft(S) for every real and imaginary part",
          arguments: [30, 37, 50])  // cut short, the natural-ish length, and past the last frame (zero tail)
    func finiteDifferences(length: Int) throws {
        let stft = try STFT(fftSize: 16, hopLength: 4)
        let frames = 10
        var spectrogram = try randomSpectrogram(stft, frames: frames, seed: 11)
        var generator = SeededGenerator(seed: 12)
        let r = (0..<length).map { _ in generator.signed() }
        let gradient = try stft.inverseBackward(r, frames: frames)
        let h: Float = 0.5  // the loss is linear in S, so a large step only removes rounding noise
        var worst = 0.0
        for index in 0..<spectrogram.real.count {
            for part in 0..<2 {
                let original = part == 0 ? spectrogram.real[index] : spectrogram.imag[index]
                func set(_ value: Float) {
                    if part == 0 { spectrogram.real[index] = value } else { spectrogram.imag[index] = value }
                }
                set(original + h)
                let plus = try loss(stft, spectrogram, r)
                set(original - h)
                let minus = try loss(stft, spectrogram, r)
                set(original)
                let numeric = (plus - minus) / Double(2 * h)
                let analytic = Double(part == 0 ? gradient.real[index] : gradient.imag[index])
                worst = max(worst, abs(numeric - analytic) / max(1, abs(numeric)))
            }
        }
        #expect(worst < 1e-5, "worst relative difference \(worst)")
    }

    @Test("DC and Nyquist imaginary gradients are exactly zero")
    func edgeBins() throws {
        let stft = try STFT(fftSize: 16, hopLength: 4)
        let gradient = try stft.inverseBackward([Float](repeating: 1, count: 40), frames: 11)
        for t in 0..<11 {
            #expect(gradient.imag[t] == 0 && gradient.imag[8 * 11 + t] == 0)
        }
        #expect(gradient.real.contains { $0 != 0 })
    }

    @Test("is the adjoint at the default size: ⟨g, istft(S)⟩ = ⟨backward(g), S⟩")
    func dotProduct() throws {
        let stft = try STFT()
        let frames = 30
        let spectrogram = try randomSpectrogram(stft, frames: frames, seed: 21)
        var generator = SeededGenerator(seed: 22)
        let g = (0..<7500).map { _ in generator.signed() }
        let forward = try stft.inverse(spectrogram, length: g.count)
        let backward = try stft.inverseBackward(g, frames: frames)
        let left = zip(g, forward).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(backward.real, spectrogram.real).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            + zip(backward.imag, spectrogram.imag).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) / abs(left) < 1e-5, "⟨g, istft S⟩ = \(left), ⟨backward g, S⟩ = \(right)")
    }

    @Test("a non-positive frame count is an error")
    func errors() throws {
        #expect(throws: AudioError.self) { try STFT().inverseBackward([1, 2, 3], frames: 0) }
    }
}
