import NN
import Testing

@Suite("Layer gradients (finite differences)")
struct LayerGradientTests {
    @Test("ReLU (inputs kept away from the kink)")
    func relu() {
        let x = randomTensor([2, 3, 2, 2], seed: 30)
        for i in 0..<x.count where abs(x[i]) < 0.05 { x[i] = 0.3 }
        checkGradients(ReLU(), input: x)
    }

    @Test("global average pooling then flatten")
    func pooling() {
        checkGradients(Sequential([GlobalAveragePool(), Flatten()]), input: randomTensor([3, 4, 3, 2], seed: 31))
    }

    @Test("linear, dense and masked")
    func linear() throws {
        var generator = SeededGenerator(seed: 32)
        checkGradients(Linear(name: "fc", inFeatures: 5, outFeatures: 3, generator: &generator),
                       input: randomTensor([4, 5], seed: 33))
        let masked = Linear(name: "m", inFeatures: 5, outFeatures: 3, prunable: true, generator: &generator)
        try masked.weight.setMask((0..<15).map { $0 % 4 != 0 })
        checkGradients(masked, input: randomTensor([4, 5], seed: 34))
        for i in stride(from: 0, to: 15, by: 4) { #expect(masked.weight.gradient[i] == 0) }
    }

    @Test("squeeze-and-excitation with hard-sigmoid gate")
    func squeezeExcitation() {
        var generator = SeededGenerator(seed: 35)
        let layer = SqueezeExcitation(name: "se", channels: 4, reducedChannels: 4, generator: &generator)
        // Large enough biases that some gates saturate and some pass; none sit near a kink.
        for c in 0..<4 { layer.expandBias.value[c] = [-4, 0.5, 1, 5][c] }
        checkGradients(layer, input: randomTensor([3, 4, 3, 3], seed: 36))
    }

    @Test("residual with identity and with a convolution shortcut")
    func residual() {
        var generator = SeededGenerator(seed: 37)
        let body = Conv2d(name: "b", inChannels: 3, outChannels: 3, kernel: 3, padding: 1, generator: &generator)
        checkGradients(Residual(body: body), input: randomTensor([2, 3, 4, 4], seed: 38))
        let strided = Conv2d(name: "s", inChannels: 3, outChannels: 4, kernel: 3, stride: 2, padding: 1, generator: &generator)
        let shortcut = Conv2d(name: "t", inChannels: 3, outChannels: 4, kernel: 1, stride: 2, generator: &generator)
        checkGradients(Residual(body: strided, shortcut: shortcut), input: randomTensor([2, 3, 5, 5], seed: 39))
    }

    @Test("append branch: concatenation and slicing, kept channels odd")
    func appendBranch() {
        var generator = SeededGenerator(seed: 40)
        let cheap = Conv2d(name: "cheap", inChannels: 3, outChannels: 3, kernel: 3, padding: 1, groups: 3,
                           generator: &generator)
        let layer = AppendBranch(branch: cheap, keptChannels: 5)
        let x = randomTensor([2, 3, 4, 4], seed: 41)
        let y = layer.forward(x, mode: .training)
        #expect(y.shape == [2, 5, 4, 4])
        for n in 0..<2 { for i in 0..<48 { #expect(y[n * 80 + i] == x[n * 48 + i]) } }
        checkGradients(layer, input: x)
    }

    @Test("channel concatenation and slicing")
    func channelOps() {
        let a = randomTensor([2, 2, 1, 3], seed: 42), b = randomTensor([2, 1, 1, 3], seed: 43)
        let joined = Tensor(shape: [2, 3, 1, 3])
        ChannelOps.concatenate([a, b], into: joined)
        #expect(Array(joined.values[0..<6]) == Array(a.values[0..<6]))
        #expect(Array(joined.values[6..<9]) == Array(b.values[0..<3]))
        #expect(Array(joined.values[9..<15]) == Array(a.values[6..<12]))
        let back = Tensor(shape: [2, 1, 1, 3])
        ChannelOps.copyChannels(from: joined, 2..<3, to: back, at: 0, accumulate: false)
        #expect(back.values == b.values)
        ChannelOps.copyChannels(from: joined, 2..<3, to: back, at: 0, accumulate: true)
        #expect(back.values == b.values.map { $0 * 2 })
    }

    @Test("a small network: conv, BN+ReLU, depthwise, SE, pooling, linear")
    func network() {
        var generator = SeededGenerator(seed: 44)
        // Nonzero β: with β = 0 the second batch norm would make the loss invariant to the first one's γ.
        let firstNorm = BatchNorm2d(name: "an", channels: 4, fusedReLU: true)
        for c in 0..<4 { firstNorm.bias.value[c] = [0.5, -0.3, 0.2, 0.8][c] }
        let model = Sequential([
            Conv2d(name: "a", inChannels: 2, outChannels: 4, kernel: 3, stride: 2, padding: 1, generator: &generator),
            firstNorm,
            Conv2d(name: "d", inChannels: 4, outChannels: 4, kernel: 3, padding: 1, groups: 4, generator: &generator),
            BatchNorm2d(name: "dn", channels: 4),
            SqueezeExcitation(name: "se", channels: 4, reducedChannels: 4, generator: &generator),
            GlobalAveragePool(), Flatten(),
            Linear(name: "fc", inFeatures: 4, outFeatures: 3, generator: &generator),
        ])
        let result = checkGradients(model, input: randomTensor([4, 2, 6, 6], seed: 45), tolerance: 2e-2)
        #expect(result.parameters.count == 12)
    }
}
