import Foundation
import NN
import Testing

@Suite("ELU and Tanh")
struct ActivationTests {
    @Test("ELU values: x for x > 0, exp(x) − 1 otherwise (α = 1); α scales the negative side")
    func eluValues() {
        let x = Tensor(shape: [1, 6], values: [-20, -1, -0.5, 0, 0.5, 3])
        let y = ELU().forward(x, mode: .inference).values
        let expected: [Float] = [expm1f(-20), expm1f(-1), expm1f(-0.5), 0, 0.5, 3]
        for (a, b) in zip(y, expected) { #expect(abs(a - b) < 1e-7) }
        let scaled = ELU(alpha: 2).forward(x, mode: .inference).values
        #expect(abs(scaled[1] - 2 * expm1f(-1)) < 1e-6 && scaled[5] == 3)
    }

    @Test("ELU's negative branch is within 2 ulp of glibc expm1f from −100 to −1e-30")
    func eluAccuracy() {
        var inputs: [Float] = (0..<400_000).map { -100 * Float($0) / 400_000 }
        inputs += (0..<30_000).map { -Float(pow(10, -30 + 30 * Double($0) / 30_000)) }
        inputs += [-0, -87, -87.5, -88, -.leastNonzeroMagnitude, -.greatestFiniteMagnitude, -.infinity]
        let y = ELU().forward(Tensor(shape: [1, inputs.count], values: inputs), mode: .inference).values
        var worst: Float = 0
        for (x, value) in zip(inputs, y) {
            let expected = expm1f(x)
            worst = max(worst, abs(value - expected) / expected.ulp)
        }
        #expect(worst <= 2)
    }

    @Test("ELU gradient (finite differences), α = 1 and α = 0.5; derivative α at 0")
    func eluGradient() {
        let x = randomTensor([3, 2, 3, 4], seed: 70, low: -3, high: 2)
        for i in 0..<x.count where abs(x[i]) < 0.01 { x[i] = 0.2 }
        checkGradients(ELU(), input: x)
        checkGradients(ELU(alpha: 0.5), input: x)
        let layer = ELU()
        _ = layer.forward(Tensor(shape: [1, 2], values: [0, -2]), mode: .training)
        let g = layer.backward(Tensor(shape: [1, 2], values: [1, 1])).values
        #expect(g[0] == 1 && abs(g[1] - expf(-2)) < 1e-7)
    }

    @Test("Tanh values and gradient")
    func tanhGradient() {
        let x = randomTensor([2, 3, 2, 2], seed: 71, low: -2, high: 2)
        let y = Tanh().forward(x, mode: .inference).values
        for i in 0..<x.count { #expect(abs(y[i] - tanhf(x[i])) < 1e-7) }
        var inputs: [Float] = (0..<200_000).map { -20 + 40 * Float($0) / 200_000 }
        inputs += (0..<20_000).map { Float(pow(10, -30 + 30 * Double($0) / 20_000)) * ($0 % 2 == 0 ? 1 : -1) }
        inputs += [0, -0, 1e4, -1e4, .infinity, -.infinity, .leastNonzeroMagnitude]
        let z = Tanh().forward(Tensor(shape: [1, inputs.count], values: inputs), mode: .inference).values
        var worst: Float = 0
        for (x, value) in zip(inputs, z) { worst = max(worst, abs(value - tanhf(x)) / tanhf(x).ulp) }
        #expect(worst <= 3)
        checkGradients(Tanh(), input: x)
    }
}
