import Foundation
import Models
import NN
import TensorFiles
import Testing

extension GoldenFixture {
    /// The speech U-Net fixture of scripts/fixtures/make_unet_fixture.py.
    static func speechUNet() throws -> GoldenFixture { try load(resource: "speech_unet_golden") }
}

/// ConvTranspose2d, ELU and the speech U-Net against an independent PyTorch reference
/// (fixture: scripts/fixtures/make_unet_fixture.py).
@Suite("Speech U-Net golden tests against PyTorch")
struct SpeechUNetGoldenTests {
    static let tolerance = 1e-4

    @Test("ConvTranspose2d: output and gradients (3×5, stride (1, 2), output padding; 2 groups, stride (2, 1))",
          arguments: ["tconv", "tconv_g2"])
    func transposedConvolution(prefix: String) throws {
        let fixture = try GoldenFixture.speechUNet()
        let weight = fixture.tensor(prefix + ".weight"), input = fixture.tensor(prefix + ".input")
        let groups = prefix == "tconv_g2" ? 2 : 1
        var generator = SeededGenerator(seed: 0)
        let layer = groups == 1
            ? ConvTranspose2d(name: "t", inChannels: 3, outChannels: 4, kernel: Size2D(3, 5), stride: Size2D(1, 2),
                              padding: Size2D(1, 2), outputPadding: Size2D(0, 1), bias: true, generator: &generator)
            : ConvTranspose2d(name: "t", inChannels: 4, outChannels: 6, kernel: 3, stride: Size2D(2, 1), padding: 1,
                              outputPadding: Size2D(1, 0), groups: 2, bias: true, generator: &generator)
        #expect(layer.weight.shape == weight.shape)
        layer.weight.value.assign(weight)
        layer.bias!.value.assign(fixture.tensor(prefix + ".bias"))
        let output = layer.forward(input, mode: .training)
        #expect(output.shape == fixture.tensor(prefix + ".output").shape)
        let errors = [
            relativeError(output.values, fixture.values(prefix + ".output")),
            relativeError(layer.backward(fixture.tensor(prefix + ".projection")).values, fixture.values(prefix + ".grad_input")),
            relativeError(layer.weight.gradient.values, fixture.values(prefix + ".grad_weight")),
            relativeError(layer.bias!.gradient.values, fixture.values(prefix + ".grad_bias")),
        ]
        #expect(errors.allSatisfy { $0 < 1e-6 }, "\(errors)")
    }

    @Test("ELU: output and input gradient")
    func elu() throws {
        let fixture = try GoldenFixture.speechUNet()
        let layer = ELU()
        let output = layer.forward(fixture.tensor("elu.input"), mode: .training)
        let outputError = relativeError(output.values, fixture.values("elu.output"))
        let gradientError = relativeError(layer.backward(fixture.tensor("elu.projection")).values,
                                          fixture.values("elu.grad_input"))
        #expect(outputError < 1e-6 && gradientError < 1e-6)
    }

    @Test("structure: names, shapes, depth order and parameter counts match the reference")
    func structure() throws {
        let fixture = try GoldenFixture.speechUNet()
        let model = SpeechUNet(seed: 1)
        #expect(model.registry.prunableCount == 37_368)
        #expect(model.registry.prunableCount == SpeechUNet.prunableWeightCount)
        #expect(model.registry.trainableCount == 37_874)
        #expect(model.registry.prunable.map(\.name) == fixture.prunableOrder)
        let reference = fixture.group("param.")
        #expect(Set(model.registry.all.map(\.name)) == Set(reference.keys))
        for parameter in model.registry.all {
            #expect(parameter.shape == fixture.tensors["param." + parameter.name]?.shape, "\(parameter.name)")
        }
        #expect(model.registry.prunable.count == 10)
        #expect(model.registry["dec5.conv.weight"]?.shape == [24, 2, 3, 5])
    }

    @Test("mask, estimate, loss, masked gradients, running statistics and inference mask", arguments: [1, 2])
    func trainingStep(threads: Int) throws {
        let fixture = try GoldenFixture.speechUNet()
        let model = SpeechUNet(seed: 1)
        try model.registry.load(fixture.group("param."))
        for (name, mask) in fixture.group("mask.") {
            try model.registry[name]!.setMask(mask.map { $0 != 0 })
        }
        let noisy = fixture.tensor("noisy"), clean = fixture.values("clean")
        try Threading.withThreadCount(threads) {
            model.registry.zeroGradients()
            let mask = model.forward(noisy, mode: .training)
            #expect(mask.shape == noisy.shape)
            let maskError = relativeError(mask.values, fixture.values("unet.mask"))
            let estimate = ComplexMask.apply(mask, to: noisy)
            let estimateError = relativeError(estimate.values, fixture.values("unet.estimate"))
            // Mean squared error and its gradient 2 (estimate − clean) / count.
            var loss = 0.0
            let lossGradient = Tensor(shape: estimate.shape)
            for i in 0..<estimate.count {
                let d = Double(estimate[i]) - Double(clean[i])
                loss += d * d
                lossGradient[i] = Float(2 * d / Double(estimate.count))
            }
            loss /= Double(estimate.count)
            let lossError = abs(loss - Double(fixture.values("unet.loss")[0])) / Double(fixture.values("unet.loss")[0])
            #expect(maskError < Self.tolerance, "mask: \(maskError)")
            #expect(estimateError < Self.tolerance, "estimate: \(estimateError)")
            #expect(lossError < Self.tolerance, "loss: \(lossError)")
            _ = model.backward(ComplexMask.maskGradient(lossGradient, noisy: noisy))

            for parameter in model.registry.trainable {
                let expected = fixture.values("grad." + parameter.name)
                let error = relativeError(parameter.gradient.values, expected)
                #expect(error < Self.tolerance, "gradient of \(parameter.name): \(error)")
            }
            for (name, mask) in fixture.group("mask.") {
                let gradient = model.registry[name]!.gradient.values
                #expect(zip(gradient, mask).allSatisfy { $1 != 0 || $0 == 0 }, "pruned weights of \(name) got gradient")
            }
            for parameter in model.registry.all where parameter.role == .statistic {
                let error = relativeError(parameter.value.values, fixture.values("running." + parameter.name))
                #expect(error < Self.tolerance, "\(parameter.name): \(error)")
            }
            let inferred = model.forward(noisy, mode: .inference).values
            let evalError = relativeError(inferred, fixture.values("unet.eval_mask"))
            #expect(evalError < Self.tolerance, "inference mask: \(evalError)")
            // Reload the running statistics so the second thread count starts from the same state.
            try model.registry.load(fixture.group("param."))
        }
    }
}
