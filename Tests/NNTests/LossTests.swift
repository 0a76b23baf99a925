import Foundation
import NN
import Testing

@Suite("Losses")
struct LossTests {
    /// Central differences of `loss` with respect to each logit, in Double.
    private func numericGradient(_ logits: Tensor, _ loss: (Tensor) throws -> Double) rethrows -> [Double] {
        var result: [Double] = []
        for i in 0..<logits.count {
            let saved = logits[i], up = saved + 1e-3, down = saved - 1e-3
            logits[i] = up
            let plus = try loss(logits)
            logits[i] = down
            let minus = try loss(logits)
            logits[i] = saved
            result.append((plus - minus) / (Double(up) - Double(down)))
        }
        return result
    }

    @Test("softmax cross-entropy: value and gradient")
    func crossEntropy() throws {
        let logits = Tensor(shape: [2, 3], values: [1, 2, 3, -1, 0, 5])
        let labels = [2, 0]
        let result = try SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels)
        let expected = ((log(exp(1.0) + exp(2) + exp(3)) - 3) + (log(exp(-1.0) + exp(0) + exp(5)) + 1)) / 2
        #expect(abs(result.value - expected) < 1e-12)
        let numeric = try numericGradient(logits) { try SoftmaxCrossEntropy.evaluate(logits: $0, labels: labels).value }
        #expect(relativeError(result.gradient.values.map(Double.init), numeric) < 1e-4)
    }

    @Test("cross-entropy is stable for huge logits")
    func crossEntropyStable() throws {
        let result = try SoftmaxCrossEntropy.evaluate(logits: Tensor(shape: [1, 2], values: [1000, -1000]), labels: [1])
        #expect(abs(result.value - 2000) < 1e-9)
    }

    @Test("binary cross-entropy with logits: value and gradient")
    func binaryCrossEntropy() throws {
        let logits = Tensor(shape: [4, 1], values: [-2, 0.5, 3, -40])
        let targets: [Float] = [0, 1, 1, 1]
        let result = try BinaryCrossEntropyWithLogits.evaluate(logits: logits, targets: targets)
        func term(_ z: Double, _ t: Double) -> Double { -(t * log(1 / (1 + exp(-z))) + (1 - t) * log(1 - 1 / (1 + exp(-z)))) }
        let expected = (term(-2, 0) + term(0.5, 1) + term(3, 1) + 40 + log1p(exp(-40))) / 4
        #expect(abs(result.value - expected) < 1e-9)
        let numeric = try numericGradient(logits) { try BinaryCrossEntropyWithLogits.evaluate(logits: $0, targets: targets).value }
        #expect(relativeError(result.gradient.values.map(Double.init), numeric) < 1e-4)
    }

    @Test("mismatched targets are typed errors")
    func mismatch() {
        let logits = Tensor(shape: [2, 3])
        #expect(throws: NNError.self) { try SoftmaxCrossEntropy.evaluate(logits: logits, labels: [0]) }
        #expect(throws: NNError.self) { try SoftmaxCrossEntropy.evaluate(logits: logits, labels: [0, 3]) }
        #expect(throws: NNError.self) { try BinaryCrossEntropyWithLogits.evaluate(logits: logits, targets: [0]) }
    }

    @Test("mean squared error: value and gradient")
    func meanSquaredError() throws {
        let predictions = Tensor(shape: [2, 3], values: [0.1, 0.5, 0.9, -0.2, 1.3, 0.0])
        let targets: [Float] = [0, 0.5, 1, 0, 1, 0.25]
        let result = try MeanSquaredError.evaluate(predictions: predictions, targets: targets)
        let expected = zip(predictions.values, targets).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / 6
        #expect(abs(result.value - expected) < 1e-7)
        let numeric = try numericGradient(predictions) { try MeanSquaredError.evaluate(predictions: $0, targets: targets).value }
        #expect(relativeError(result.gradient.values.map(Double.init), numeric) < 1e-4)
        #expect(throws: NNError.self) { try MeanSquaredError.evaluate(predictions: predictions, targets: [0]) }
    }
}
