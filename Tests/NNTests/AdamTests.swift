import Foundation
import NN
import Testing

@Suite("Adam")
struct AdamTests {
    @Test("matches PyTorch's update rule over three steps, in Double")
    func updateRule() {
        let parameter = Parameter(name: "w", shape: [3], role: .dense)
        let initial: [Float] = [0.5, -1, 2]
        for i in 0..<3 { parameter.value[i] = initial[i] }
        let gradients: [[Float]] = [[0.1, -0.2, 0.0], [0.3, 0.1, -1e-3], [-0.2, 0.05, 4]]
        let adam = Adam(parameters: [parameter], learningRate: 0.01)
        var w = initial.map(Double.init), m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (t, g) in gradients.enumerated() {
            for i in 0..<3 { parameter.gradient[i] = g[i] }
            adam.step()
            let step = Double(t + 1)
            for i in 0..<3 {
                m[i] = 0.9 * m[i] + 0.1 * Double(g[i])
                v[i] = 0.999 * v[i] + 0.001 * Double(g[i]) * Double(g[i])
                let denominator = (v[i].squareRoot() / (1 - pow(0.999, step)).squareRoot()) + 1e-8
                w[i] -= 0.01 / (1 - pow(0.9, step)) * m[i] / denominator
            }
        }
        for i in 0..<3 { #expect(abs(Double(parameter.value[i]) - w[i]) < 1e-6) }
    }

    @Test("masked entries and their moments stay untouched")
    func masked() throws {
        let parameter = Parameter(name: "w", shape: [4], role: .prunable)
        for i in 0..<4 { parameter.value[i] = Float(i) }
        try parameter.setMask([true, false, true, false])
        let adam = Adam(parameters: [parameter], learningRate: 0.1)
        for _ in 0..<3 {
            for i in 0..<4 { parameter.gradient[i] = 1 }
            adam.step()
        }
        #expect(parameter.value[1] == 1 && parameter.value[3] == 3)
        #expect(parameter.value[0] < 0 && parameter.value[2] < 2)
        // Unmasking later: the formerly pruned entries start from zero moments.
        try parameter.setMask(nil)
        for i in 0..<4 { parameter.gradient[i] = 0 }
        adam.step()
        #expect(parameter.value[1] == 1 && parameter.value[3] == 3)
    }

    @Test("weight decay adds λ·w to the gradient")
    func weightDecay() {
        let parameter = Parameter(name: "w", shape: [1], role: .dense)
        parameter.value[0] = 2
        let adam = Adam(parameters: [parameter], learningRate: 0.1, weightDecay: 0.5)
        adam.step()  // gradient 0 + 0.5·2 > 0: first step moves by −lr
        #expect(abs(parameter.value[0] - 1.9) < 1e-6)
    }
}
