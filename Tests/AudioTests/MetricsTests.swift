import Audio
import Foundation
import Testing

@Suite("SI-SNR and weighted SDR loss")
struct MetricsTests {
    @Test("SI-SNR, its improvement and wSDR match the independent NumPy implementation")
    func golden() throws {
        let metrics = try Fixtures.metrics()
        #expect(metrics.cases.count == 4)
        let clean = metrics.clean.map(Float.init), noisy = metrics.noisy.map(Float.init)
        for item in metrics.cases {
            let estimate = item.estimate.map(Float.init)
            let value = try SISNR.value(estimate: estimate, reference: clean)
            let improvement = try SISNR.improvement(estimate: estimate, noisy: noisy, clean: clean)
            let loss = try WeightedSDRLoss.value(estimate: estimate, noisy: noisy, clean: clean)
            #expect(abs(value - item.si_snr) <= 1e-5 * max(1, abs(item.si_snr)), "\(item.name): \(value)")
            #expect(abs(improvement - item.si_snr_improvement) <= 1e-5 * max(1, abs(item.si_snr_improvement)))
            #expect(abs(loss - item.wsdr) <= 1e-5 * max(1, abs(item.wsdr)), "\(item.name): \(loss)")
        }
    }

    @Test("SI-SNR ignores scale and offset of the estimate; a perfect estimate scores very high")
    func invariance() throws {
        var generator = SeededGenerator(seed: 1)
        let reference = (0..<500).map { _ in generator.signed() }
        let estimate = reference.map { $0 + 0.1 * generator.signed() }
        let base = try SISNR.value(estimate: estimate, reference: reference)
        #expect(abs(try SISNR.value(estimate: estimate.map { 4 * $0 + 0.5 }, reference: reference) - base) < 1e-6)
        #expect(try SISNR.value(estimate: reference, reference: reference) > 70)
        #expect(abs(try SISNR.improvement(estimate: estimate, noisy: estimate, clean: reference)) < 1e-12)
    }

    @Test("wSDR gradient matches central finite differences in Double")
    func wsdrGradient() throws {
        var generator = SeededGenerator(seed: 2)
        let clean = (0..<64).map { _ in Double(generator.signed()) }
        let noisy = clean.map { $0 + 0.5 * Double(generator.signed()) }
        var estimate = noisy.map { $0 + 0.3 * Double(generator.signed()) }
        let (_, gradient) = try WeightedSDRLoss.evaluate(estimate: estimate, noisy: noisy, clean: clean)
        let h = 1e-6
        var worst = 0.0
        for i in estimate.indices {
            let original = estimate[i]
            estimate[i] = original + h
            let plus = try WeightedSDRLoss.value(estimate: estimate, noisy: noisy, clean: clean)
            estimate[i] = original - h
            let minus = try WeightedSDRLoss.value(estimate: estimate, noisy: noisy, clean: clean)
            estimate[i] = original
            worst = max(worst, abs((plus - minus) / (2 * h) - gradient[i]))
        }
        let scale = gradient.map(abs).max() ?? 1
        #expect(worst / scale < 1e-6, "worst difference \(worst), gradient scale \(scale)")
    }

    @Test("a perfect estimate gives wSDR −1 with a vanishing gradient; Float input gives Float gradient")
    func perfectEstimate() throws {
        var generator = SeededGenerator(seed: 3)
        let clean = (0..<100).map { _ in generator.signed() }
        let noisy = clean.map { $0 + 0.4 * generator.signed() }
        let (value, gradient) = try WeightedSDRLoss.evaluate(estimate: clean, noisy: noisy, clean: clean)
        #expect(abs(value + 1) < 1e-6)
        #expect((gradient.map(abs).max() ?? 1) < 1e-6)
    }

    @Test("length mismatches and empty signals are errors")
    func errors() {
        #expect(throws: AudioError.lengthMismatch(expected: 3, actual: 2, signal: "estimate")) {
            try SISNR.value(estimate: [Float(1), 2], reference: [1, 2, 3])
        }
        #expect(throws: AudioError.self) { try SISNR.value(estimate: [Float](), reference: []) }
        #expect(throws: AudioError.lengthMismatch(expected: 2, actual: 3, signal: "noisy")) {
            try WeightedSDRLoss.evaluate(estimate: [Float(1), 2], noisy: [1, 2, 3], clean: [1, 2])
        }
        #expect(throws: AudioError.self) { try SISNR.improvement(estimate: [Float(1)], noisy: [1, 2], clean: [1]) }
    }
}
