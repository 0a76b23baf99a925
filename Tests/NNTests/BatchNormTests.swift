import NN
import Testing

@Suite("BatchNorm2d")
struct BatchNormTests {
    private func norm(_ channels: Int, relu: Bool) -> BatchNorm2d {
        let layer = BatchNorm2d(name: "bn", channels: channels, fusedReLU: relu)
        for c in 0..<channels {
            layer.weight.value[c] = 0.5 + Float(c) * 0.3
            layer.bias.value[c] = Float(c) * 0.1 - 0.1
        }
        return layer
    }

    @Test("training-mode gradients", arguments: [false, true])
    func gradients(relu: Bool) {
        checkGradients(norm(3, relu: relu), input: randomTensor([4, 3, 3, 2], seed: 20))
    }

    @Test("training-mode gradients on [N, C] input")
    func gradientsTwoDimensional() {
        checkGradients(norm(5, relu: false), input: randomTensor([6, 5], seed: 21))
    }

    @Test("batch statistics, running statistics (momentum 0.1, unbiased variance) and inference mode")
    func statistics() {
        let layer = norm(2, relu: false)
        let x = randomTensor([3, 2, 2, 2], seed: 22, low: 1, high: 4)
        let y = layer.forward(x, mode: .training)
        for c in 0..<2 {
            var values: [Double] = []
            for n in 0..<3 { for i in 0..<4 { values.append(Double(x[(n * 2 + c) * 4 + i])) } }
            let mean = values.reduce(0, +) / 12
            let biased = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 12
            #expect(abs(Double(layer.runningMean.value[c]) - 0.1 * mean) < 1e-6)
            #expect(abs(Double(layer.runningVariance.value[c]) - (0.9 + 0.1 * biased * 12 / 11)) < 1e-6)
            let gamma = Double(layer.weight.value[c]), beta = Double(layer.bias.value[c])
            for n in 0..<3 {
                for i in 0..<4 {
                    let expected = (Double(x[(n * 2 + c) * 4 + i]) - mean) / (biased + 1e-5).squareRoot() * gamma + beta
                    #expect(abs(Double(y[(n * 2 + c) * 4 + i]) - expected) < 1e-5)
                }
            }
        }
        let inferred = layer.forward(x, mode: .inference)
        for c in 0..<2 {
            let scale = Double(layer.weight.value[c]) / (Double(layer.runningVariance.value[c]) + 1e-5).squareRoot()
            for n in 0..<3 {
                let i = (n * 2 + c) * 4
                let expected = (Double(x[i]) - Double(layer.runningMean.value[c])) * scale + Double(layer.bias.value[c])
                #expect(abs(Double(inferred[i]) - expected) < 1e-5)
            }
        }
    }

    @Test("statistics are exact for data far from zero (no cancellation)")
    func largeOffset() {
        let layer = norm(1, relu: false)
        let x = randomTensor([8, 1, 4, 4], seed: 23)
        for i in 0..<x.count { x[i] = 1000 + x[i] }
        _ = layer.forward(x, mode: .training)
        var values = (0..<x.count).map { Double(x[$0]) }
        let mean = values.reduce(0, +) / Double(values.count)
        values = values.map { ($0 - mean) * ($0 - mean) }
        let unbiased = values.reduce(0, +) / Double(values.count - 1)
        #expect(abs(Double(layer.runningVariance.value[0]) - (0.9 + 0.1 * unbiased)) < 1e-5)
    }
}
