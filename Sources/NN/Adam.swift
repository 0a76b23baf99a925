import Foundation

/// Adam exactly as `torch.optim.Adam` (β = 0.9/0.999, ε = 1e-8, bias correction as PyTorch, optional
/// L2 weight decay added to the gradient, none by default), with one difference for masks: entries a
/// parameter's mask prunes are skipped, so their value and both moments stay untouched.
public final class Adam {
    /// Step size.
    public var learningRate: Double
    /// Decay of the first moment.
    public let beta1: Double
    /// Decay of the second moment.
    public let beta2: Double
    /// Added to the denominator.
    public let epsilon: Double
    /// L2 penalty added to the gradient (PyTorch's `weight_decay`).
    public let weightDecay: Double
    /// The parameters updated, in order.
    public let parameters: [Parameter]
    /// Steps taken (PyTorch keeps one count per parameter; here all parameters step together).
    public private(set) var stepCount = 0
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]

    /// An optimiser for `parameters` (use `ParameterRegistry.trainable`).
    /// Hyperparameters are doubles, like PyTorch's Python floats, and enter the Float32 arithmetic as
    /// PyTorch passes them (1 − β1, β2, 1 − β2 and ε rounded to Float; the bias corrections in double).
    public init(parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        precondition(parameters.allSatisfy { $0.role != .statistic }, "Adam: running statistics are not trainable")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { Tensor(shape: $0.shape) }
        secondMoments = parameters.map { Tensor(shape: $0.shape) }
    }

    /// Applies one update from the current gradients.
    public func step() {
        stepCount += 1
        let step = Double(stepCount)
        let stepSize = Float(learningRate / (1 - pow(beta1, step)))
        let correction2 = Float((1 - pow(beta2, step)).squareRoot())
        let (oneMinusB1, b2, oneMinusB2) = (Float(1 - beta1), Float(beta2), Float(1 - beta2))
        let (eps, decay) = (Float(epsilon), Float(weightDecay))
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.pointer, g = parameter.gradient.pointer, mask = parameter.mask?.pointer
            let m = firstMoments[index].pointer, v = secondMoments[index].pointer
            for i in 0..<parameter.value.count {
                if let mask, mask[i] == 0 { continue }
                let grad = decay == 0 ? g[i] : g[i] + decay * w[i]
                m[i] += oneMinusB1 * (grad - m[i])
                v[i] = v[i] * b2 + oneMinusB2 * (grad * grad)
                let denominator = v[i].squareRoot() / correction2 + eps
                w[i] -= stepSize * (m[i] / denominator)
            }
        }
    }

    /// Forgets the moments and the step count.
    public func reset() {
        stepCount = 0
        for tensor in firstMoments + secondMoments { tensor.zero() }
    }
}
