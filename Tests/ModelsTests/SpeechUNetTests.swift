import Models
import NN
import Testing

/// Shapes, masking and finite-difference gradients of the speech U-Net and the complex mask.
@Suite("Speech U-Net")
struct SpeechUNetTests {
    private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let tensor = Tensor(shape: shape)
        for i in 0..<tensor.count { tensor[i] = generator.uniform(-scale, scale) }
        return tensor
    }

    @Test("the mask has the input's [N, 2, F, T] for any frame count, in both modes",
          arguments: [(9, 1), (9, 2), (9, 12), (5, 13), (513, 63), (7, 100)])
    func shapes(frequencies: Int, frames: Int) {
        let model = SpeechUNet(seed: 3)
        let input = random([2, 2, frequencies, frames], seed: 4)
        let mask = model.forward(input, mode: .training)
        #expect(mask.shape == input.shape)
        #expect(mask.values.allSatisfy { abs($0) < 1 })
        _ = model.backward(random(input.shape, seed: 5))
        #expect(model.forward(input, mode: .inference).shape == input.shape)
    }

    @Test("the same seed gives the same weights; prunable scope is the ten kernels (37,368 weights)")
    func initialisation() {
        let a = SpeechUNet(seed: 7), b = SpeechUNet(seed: 7), c = SpeechUNet(seed: 8)
        #expect(a.registry.snapshot() == b.registry.snapshot())
        #expect(a.registry.snapshot() != c.registry.snapshot())
        #expect(a.registry.prunableCount == 37_368)
        #expect(a.registry.prunable.map(\.name) == (1...5).map { "enc\($0).conv.weight" } + (1...5).map { "dec\($0).conv.weight" })
        // PyTorch default: U(±1/√fanIn); ConvTranspose2d's fan-in is out·kh·kw (dec5: 2·15).
        let dec5 = a.registry["dec5.conv.weight"]!.value.values
        #expect(dec5.allSatisfy { abs($0) <= 1 / Float(30).squareRoot() })
        #expect(dec5.map(abs).max()! > 0.15)
    }

    @Test("finite differences through the whole network (F 9, T 12, batch 2, two masked kernels)")
    func gradients() throws {
        let model = SpeechUNet(seed: 11)
        model.computesInputGradient = true
        // Non-trivial batch-norm affine parameters, as a trained network would have.
        var generator = SeededGenerator(seed: 12)
        for parameter in model.registry.all where parameter.name.contains(".bn.") && parameter.role == .dense {
            let isScale = parameter.name.hasSuffix("weight")
            for i in 0..<parameter.value.count {
                parameter.value[i] = isScale ? generator.uniform(0.5, 1.5) : generator.uniform(-0.3, 0.3)
            }
        }
        for name in ["enc2.conv.weight", "dec3.conv.weight"] {
            let parameter = model.registry[name]!
            try parameter.setMask((0..<parameter.value.count).map { $0 % 3 != 0 })
        }
        let input = random([2, 2, 9, 12], seed: 13)
        let projection = random(input.shape, seed: 14)
        model.registry.zeroGradients()
        _ = model.forward(input, mode: .training)
        let analyticInput = model.backward(projection).values
        func loss() -> Double {
            let mask = model.forward(input, mode: .training)
            return (0..<mask.count).reduce(0.0) { $0 + Double(mask[$1]) * Double(projection[$1]) }
        }
        func check(_ tensor: Tensor, _ analytic: [Float], entries: Int) -> Double {
            let step = max(1, tensor.count / entries), h: Float = 1e-2
            var difference = 0.0, norm = 0.0
            for i in stride(from: 0, to: tensor.count, by: step) {
                let saved = tensor[i]
                tensor[i] = saved + h
                let plus = loss()
                tensor[i] = saved - h
                let minus = loss()
                tensor[i] = saved
                let numeric = (plus - minus) / Double(2 * h)
                difference += (numeric - Double(analytic[i])) * (numeric - Double(analytic[i]))
                norm += numeric * numeric
            }
            return difference.squareRoot() / max(norm.squareRoot(), 1e-12)
        }
        var errors = ["input": check(input, analyticInput, entries: 48)]
        for parameter in model.registry.trainable {
            let analytic = parameter.gradient.values
            errors[parameter.name] = check(parameter.value, analytic, entries: 24)
            if parameter.mask != nil {
                let kept = parameter.mask!.values
                #expect(zip(analytic, kept).allSatisfy { $1 != 0 || $0 == 0 }, "\(parameter.name): pruned weights got gradient")
            }
        }
        for (name, error) in errors { #expect(error < 2e-2, "\(name): \(error)") }
    }

    @Test("complex mask: M ⊙ X as complex numbers, and its gradient with respect to M")
    func complexMask() {
        let mask = random([2, 2, 3, 4], seed: 20), noisy = random([2, 2, 3, 4], seed: 21)
        let estimate = ComplexMask.apply(mask, to: noisy)
        for n in 0..<2 {
            for i in 0..<12 {
                let r = n * 24 + i, j = r + 12
                let product = (mask[r] * noisy[r] - mask[j] * noisy[j], mask[r] * noisy[j] + mask[j] * noisy[r])
                #expect(abs(estimate[r] - product.0) < 1e-6 && abs(estimate[j] - product.1) < 1e-6)
            }
        }
        // Bilinear: central differences are exact up to rounding.
        let projection = random(mask.shape, seed: 22)
        let analytic = ComplexMask.maskGradient(projection, noisy: noisy)
        func loss() -> Double {
            let e = ComplexMask.apply(mask, to: noisy)
            return (0..<e.count).reduce(0.0) { $0 + Double(e[$1]) * Double(projection[$1]) }
        }
        for i in 0..<mask.count {
            let saved = mask[i]
            mask[i] = saved + 0.5
            let plus = loss()
            mask[i] = saved - 0.5
            let minus = loss()
            mask[i] = saved
            #expect(abs((plus - minus) - Double(analytic[i])) < 1e-5)
        }
    }

    @Test("pruned kernel entries do not change the mask")
    func pruning() throws {
        let model = SpeechUNet(seed: 30)
        let input = random([1, 2, 9, 10], seed: 31)
        let weight = model.registry["dec1.conv.weight"]!
        let keep = (0..<weight.value.count).map { $0 % 2 == 0 }
        try weight.setMask(keep)
        let before = model.forward(input, mode: .inference).values
        for (i, kept) in keep.enumerated() where !kept { weight.value[i] = 10 }
        #expect(model.forward(input, mode: .inference).values == before)
    }
}
