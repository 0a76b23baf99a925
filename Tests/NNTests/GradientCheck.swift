import NN
import Testing

/// A tensor of uniform values in [low, high) from `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let tensor = Tensor(shape: shape)
    for i in 0..<tensor.count { tensor[i] = generator.uniform(low, high) }
    return tensor
}

/// Norm-wise relative error ‖a − b‖ / max(‖a‖, ‖b‖, tiny).
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var difference = 0.0, normA = 0.0, normB = 0.0
    for i in a.indices {
        difference += (a[i] - b[i]) * (a[i] - b[i])
        normA += a[i] * a[i]
        normB += b[i] * b[i]
    }
    return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-12)
}

/// The worst errors of one finite-difference check.
struct GradientCheckResult {
    var input = 0.0
    var parameters: [String: Double] = [:]
    var worst: Double { max(input, parameters.values.max() ?? 0) }
}

/// Compares `layer`'s backward pass with central differences of L = Σ r ⊙ layer(x) (r random,
/// fixed), in Float with step `h`. Checks every input element and every trainable parameter element
/// (at most `maxEntries` of each tensor, evenly spaced). Expects the norm-wise relative error of each
/// tensor's gradient to be below `tolerance`.
@discardableResult
func checkGradients(_ layer: Layer, input: Tensor, h: Float = 1e-3, tolerance: Double = 1e-2, maxEntries: Int = 400,
                    checkInput: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) -> GradientCheckResult {
    let parameters = layer.parameters.filter { $0.role != .statistic }
    for parameter in parameters { parameter.gradient.zero() }
    let firstOutput = layer.forward(input, mode: .training)
    let projection = randomTensor(firstOutput.shape, seed: 99)
    let analyticInput = layer.backward(projection).values.map(Double.init)
    let analyticParameters = parameters.map { $0.gradient.values.map(Double.init) }

    func loss() -> Double {
        let output = layer.forward(input, mode: .training)
        var sum = 0.0
        for i in 0..<output.count { sum += Double(output[i]) * Double(projection[i]) }
        return sum
    }
    func numericGradient(of tensor: Tensor) -> (indices: [Int], values: [Double]) {
        let step = max(1, tensor.count / maxEntries)
        let indices = Array(stride(from: 0, to: tensor.count, by: step))
        let values = indices.map { i -> Double in
            let saved = tensor[i], up = saved + h, down = saved - h
            tensor[i] = up
            let plus = loss()
            tensor[i] = down
            let minus = loss()
            tensor[i] = saved
            return (plus - minus) / (Double(up) - Double(down))
        }
        return (indices, values)
    }

    var result = GradientCheckResult()
    if checkInput {
        let (indices, numeric) = numericGradient(of: input)
        result.input = relativeError(indices.map { analyticInput[$0] }, numeric)
        #expect(result.input < tolerance, "input gradient error \(result.input)", sourceLocation: sourceLocation)
    }
    for (parameter, analytic) in zip(parameters, analyticParameters) {
        let (indices, numeric) = numericGradient(of: parameter.value)
        let error = relativeError(indices.map { analytic[$0] }, numeric)
        result.parameters[parameter.name] = error
        #expect(error < tolerance, "\(parameter.name) gradient error \(error)", sourceLocation: sourceLocation)
    }
    return result
}
