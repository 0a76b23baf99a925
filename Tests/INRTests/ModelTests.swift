import INR
import Models
import NN
import Testing

@Suite struct CoordinateModelTests {
    @Test func fourierFeaturesHaveThePapersWidthAndUnitCircles() {
        let f = FourierFeatures(frequencies: 16, scale: 10, seed: 3)
        #expect(f.dimension == 34)
        let t = f.encode(pixels: [0, 5, 63], width: 8, height: 8)
        #expect(t.shape == [3, 34])
        #expect(abs(t[0] - 0.0625) < 1e-7 && abs(t[1] - 0.0625) < 1e-7)   // pixel centre (0.5/8, 0.5/8)
        for r in 0..<3 {
            for k in 0..<16 {
                let s = t[r * 34 + 2 + k], c = t[r * 34 + 18 + k]
                #expect(abs(s * s + c * c - 1) < 1e-5)
            }
        }
        #expect(FourierFeatures(frequencies: 16, scale: 10, seed: 3).matrix == f.matrix)
    }

    @Test func sharedWeightsStartEqualAcrossRTLAndTheEmbeddingBaseline() {
        let rtl = CoordinateMLP(features: 34, hidden: 128, embeddingDimension: 16, regions: nil, seed: 9)
        let imp = CoordinateMLP(features: 34, hidden: 128, embeddingDimension: 16, regions: 5, seed: 9)
        #expect(rtl.layers[0].weight.shape == [128, 34] && imp.layers[0].weight.shape == [128, 50])
        #expect(imp.embedding?.shape == [5, 16] && rtl.embedding == nil)
        for o in [0, 77, 127] {
            for i in [0, 17, 33] { #expect(rtl.layers[0].weight.value[o * 34 + i] == imp.layers[0].weight.value[o * 50 + i]) }
        }
        for l in 1..<5 { #expect(rtl.layers[l].weight.value.values == imp.layers[l].weight.value.values) }
        #expect(rtl.layers[0].bias!.value.values == imp.layers[0].bias!.value.values)
        // PyTorch default init of the 50-input layer: |w| ≤ 1/√50.
        #expect(imp.layers[0].weight.value.values.allSatisfy { abs($0) <= 1 / Float(50).squareRoot() })
        #expect(rtl.registry.prunableCount == 34 * 128 + 3 * 128 * 128 + 128 * 3)
    }

    /// Central differences of the MSE loss against the analytic gradient, for weights, biases and
    /// the class embedding, with a mask on fc2.
    @Test func gradientsMatchFiniteDifferences() throws {
        let model = CoordinateMLP(features: 6, hidden: 8, embeddingDimension: 3, regions: 2, seed: 4)
        var g = SeededGenerator(seed: 1)
        try model.layers[1].weight.setMask((0..<64).map { _ in g.uniform(0, 1) > 0.3 })
        let input = Tensor(shape: [5, 6], values: (0..<30).map { _ in g.uniform(-1, 1) })
        let regions = [0, 1, 1, 0, 1]
        let targets = (0..<15).map { _ in g.uniform(0, 1) }
        func loss() throws -> Double {
            try MeanSquaredError.evaluate(predictions: model.forward(input, regions: regions, mode: .training), targets: targets).value
        }
        model.registry.zeroGradients()
        let l = try MeanSquaredError.evaluate(predictions: model.forward(input, regions: regions, mode: .training), targets: targets)
        model.backward(l.gradient)
        var worst = 0.0
        for p in model.registry.trainable {
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 12)) {
                if let m = p.mask, m[i] == 0 { #expect(p.gradient[i] == 0); continue }
                let h: Float = 1e-2, saved = p.value[i]
                p.value[i] = saved + h; let up = try loss()
                p.value[i] = saved - h; let down = try loss()
                p.value[i] = saved
                let numeric = (up - down) / (2 * Double(h)), analytic = Double(p.gradient[i])
                worst = max(worst, abs(numeric - analytic) / max(1e-3, abs(numeric) + abs(analytic)))
            }
        }
        #expect(worst < 2e-2, "worst relative gradient error \(worst)")
    }

    @Test func psnrOfKnownErrors() {
        #expect(PSNR.of([0.5, 0.5], [0.5, 0.5]) == .infinity)
        #expect(abs(PSNR.of([0.1, 0.1], [0.0, 0.0]) - 20) < 1e-5)        // MSE 0.01 → 20 dB (Float inputs)
        #expect(PSNR.of([1.7, -3], [1.0, 0.0]) == .infinity)   // predictions are clamped to [0, 1] first
    }
}
