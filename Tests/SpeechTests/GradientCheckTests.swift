import Audio
import Models
import NN
import Testing
@testable import Speech

/// Finite differences of the whole chain: noisy STFT → U-Net mask → complex masking → iSTFT → wSDR.
@Suite struct GradientCheckTests {
    @Test func lossChainMatchesFiniteDifferences() throws {
        let stft = try STFT()
        let chain = EnhancementChain(model: SpeechUNet(seed: 7), stft: stft)
        let clean = GeneratedSpeech.voiced(seconds: 0.08, pitch: 150, rate: 16000)   // 1,280 samples, 6 frames
        let noise = GeneratedSpeech.noise("hiss", seed: 2, seconds: 0.05)
        let batch = try [0.0, 4.0].map { try SpeechMixture(scene: 0, clean: clean, noise: noise, snr: $0, offset: 17, stft: stft) }
        let registry = chain.model.registry
        registry.zeroGradients()
        _ = try chain.lossAndGradient(batch)
        for name in ["enc1.conv.weight", "enc3.conv.weight", "enc5.conv.bias", "enc2.bn.weight", "dec2.conv.weight", "dec5.conv.weight", "dec5.conv.bias"] {
            let p = try #require(registry.all.first { $0.name == name })
            // The entry with the largest gradient, so the difference is well above Float rounding.
            let i = (0..<p.gradient.count).max { abs(p.gradient.pointer[$0]) < abs(p.gradient.pointer[$1]) }!
            let analytic = Double(p.gradient.pointer[i])
            let original = p.value.pointer[i]
            let h: Float = 1e-2 * max(abs(original), 0.05)
            p.value.pointer[i] = original + h
            let plus = try loss(chain, batch)
            p.value.pointer[i] = original - h
            let minus = try loss(chain, batch)
            p.value.pointer[i] = original
            let numeric = (plus - minus) / (2 * Double(h))
            #expect(abs(analytic) > 1e-3, "\(name): gradient too small to check")
            #expect(abs(numeric - analytic) <= 0.03 * abs(analytic) + 1e-5, "\(name)[\(i)]: analytic \(analytic), numeric \(numeric)")
        }
    }

    func loss(_ chain: EnhancementChain, _ batch: [SpeechMixture]) throws -> Double {
        chain.model.registry.zeroGradients()
        return try chain.lossAndGradient(batch)
    }
}
