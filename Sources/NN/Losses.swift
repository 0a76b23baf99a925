import Foundation

/// A loss value and its gradient with respect to the logits.
public struct LossValue {
    /// The mean loss over the batch.
    public let value: Double
    /// dLoss/dLogits, the shape of the logits.
    public let gradient: Tensor
}

/// Softmax cross-entropy averaged over the batch (PyTorch `F.cross_entropy`, reduction "mean").
public enum SoftmaxCrossEntropy {
    /// The loss of `logits` `[N, C]` for class indices `labels` (N of them, each in 0..<C).
    /// - Throws: `NNError.targetMismatch` for a wrong label count or a label out of range.
    public static func evaluate(logits: Tensor, labels: [Int]) throws -> LossValue {
        guard logits.shape.count == 2, logits.shape[0] == labels.count else {
            throw NNError.targetMismatch("\(labels.count) labels for logits \(logits.shape)")
        }
        let rows = logits.shape[0], classes = logits.shape[1]
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw NNError.targetMismatch("label \(bad) outside 0..<\(classes)")
        }
        let gradient = Tensor(shape: logits.shape)
        var total = 0.0
        for r in 0..<rows {
            let z = logits.pointer + r * classes, g = gradient.pointer + r * classes
            var largest = -Double.infinity
            for c in 0..<classes { largest = max(largest, Double(z[c])) }
            var sum = 0.0
            for c in 0..<classes { sum += exp(Double(z[c]) - largest) }
            let logSum = largest + log(sum)
            total += logSum - Double(z[labels[r]])
            for c in 0..<classes {
                let probability = exp(Double(z[c]) - logSum)
                g[c] = Float((probability - (c == labels[r] ? 1 : 0)) / Double(rows))
            }
        }
        return LossValue(value: total / Double(rows), gradient: gradient)
    }
}

/// Binary cross-entropy on logits averaged over all elements (PyTorch `binary_cross_entropy_with_logits`,
/// reduction "mean"): `max(z, 0) − z·t + log(1 + exp(−|z|))`.
public enum BinaryCrossEntropyWithLogits {
    /// The loss of `logits` (any shape) against `targets` in [0, 1], one per logit in row-major order.
    /// - Throws: `NNError.targetMismatch` for a wrong target count.
    public static func evaluate(logits: Tensor, targets: [Float]) throws -> LossValue {
        guard targets.count == logits.count else {
            throw NNError.targetMismatch("\(targets.count) targets for logits \(logits.shape)")
        }
        let gradient = Tensor(shape: logits.shape)
        let count = Double(logits.count)
        var total = 0.0
        for i in 0..<logits.count {
            let z = Double(logits.pointer[i]), t = Double(targets[i])
            total += max(z, 0) - z * t + log1p(exp(-abs(z)))
            let sigmoid = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
            gradient.pointer[i] = Float((sigmoid - t) / count)
        }
        return LossValue(value: total / count, gradient: gradient)
    }
}

/// Mean squared error averaged over all elements (PyTorch `F.mse_loss`, reduction "mean").
public enum MeanSquaredError {
    /// The loss of `predictions` (any shape) against `targets`, one per element in row-major order.
    /// - Throws: `NNError.targetMismatch` for a wrong target count.
    public static func evaluate(predictions: Tensor, targets: [Float]) throws -> LossValue {
        guard targets.count == predictions.count else {
            throw NNError.targetMismatch("\(targets.count) targets for predictions \(predictions.shape)")
        }
        let gradient = Tensor(shape: predictions.shape)
        let count = Double(predictions.count)
        var total = 0.0
        let scale = Float(2 / count)
        for i in 0..<predictions.count {
            let d = predictions.pointer[i] - targets[i]
            total += Double(d) * Double(d)
            gradient.pointer[i] = scale * d
        }
        return LossValue(value: total / count, gradient: gradient)
    }
}
