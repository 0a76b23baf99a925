import Audio
import Foundation
import Testing

@Suite("Mixing")
struct MixingTests {
    private func signal(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in scale * generator.signed() }
    }

    private func power(_ x: [Float]) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count) }

    @Test("the noise is scaled so that 10·log10(P_clean / P_noise) = SNR", arguments: [-5.0, 0, 2.5, 20])
    func snr(target: Double) throws {
        let clean = signal(1000, seed: 1, scale: 0.3)
        let mixture = try Mixing.mix(clean: clean, noise: signal(1500, seed: 2), snr: target)
        #expect(abs(10 * log10(power(clean) / power(mixture.noise)) - target) < 1e-4)
        #expect(mixture.noisy.count == clean.count)
        for i in clean.indices { #expect(mixture.noisy[i] == clean[i] + mixture.noise[i]) }
    }

    @Test("longer noise is cropped from the offset")
    func crop() throws {
        let noise = signal(100, seed: 3)
        let mixture = try Mixing.mix(clean: signal(40, seed: 4), noise: noise, snr: 0, offset: 25)
        for i in 0..<40 {
            #expect(abs(mixture.noise[i] - Float(Double(noise[25 + i]) * mixture.noiseGain)) < 1e-6)
        }
    }

    @Test("shorter noise is looped, and an offset near the end wraps to the start")
    func loop() throws {
        #expect(try Mixing.alignedNoise([1, 2, 3], length: 7) == [1, 2, 3, 1, 2, 3, 1])
        #expect(try Mixing.alignedNoise([1, 2, 3, 4, 5], length: 4, offset: 3) == [4, 5, 1, 2])
        let mixture = try Mixing.mix(clean: signal(10, seed: 5), noise: [1, -1, 0.5], snr: 10)
        let gain = Float(mixture.noiseGain)
        #expect(mixture.noise == [1, -1, 0.5, 1, -1, 0.5, 1, -1, 0.5, 1].map { $0 * gain })
    }

    @Test("silent or empty signals, bad offsets and non-finite SNRs are errors")
    func errors() {
        let clean = signal(10, seed: 6), noise = signal(10, seed: 7)
        #expect(throws: AudioError.silentSignal(signal: "clean")) { try Mixing.mix(clean: [0, 0], noise: noise, snr: 0) }
        #expect(throws: AudioError.silentSignal(signal: "clean")) { try Mixing.mix(clean: [], noise: noise, snr: 0) }
        #expect(throws: AudioError.silentSignal(signal: "noise")) { try Mixing.mix(clean: clean, noise: [0, 0], snr: 0) }
        #expect(throws: AudioError.silentSignal(signal: "noise")) { try Mixing.mix(clean: clean, noise: [], snr: 0) }
        #expect(throws: AudioError.silentSignal(signal: "noise segment (from offset 2)")) {
            try Mixing.mix(clean: [1, 1], noise: [1, 0, 0, 0, 1], snr: 0, offset: 2)
        }
        #expect(throws: AudioError.self) { try Mixing.mix(clean: clean, noise: noise, snr: 0, offset: 10) }
        #expect(throws: AudioError.self) { try Mixing.mix(clean: clean, noise: noise, snr: 0, offset: -1) }
        #expect(throws: AudioError.self) { try Mixing.mix(clean: clean, noise: noise, snr: .infinity) }
        #expect(AudioError.silentSignal(signal: "clean").description == "the clean signal is empty or all zeros")
    }
}
