/// How a weight tensor and its bias are initialised.
public enum Initialization: Sendable {
    /// PyTorch's default for `Conv2d` and `Linear` (`kaiming_uniform_` with a = √5): weights and biases
    /// drawn from U(−1/√fanIn, 1/√fanIn). The reference GhostNet-lite uses it.
    case pytorchDefault
    /// He et al. (2015), `kaiming_normal_` with the ReLU gain: weights N(0, 2/fan), fan = fan-out
    /// (`mode="fan_out"`) or fan-in; biases zero.
    case kaimingNormal(fanOut: Bool)

    /// Fills `weight` (and `bias`) given the weight's fan-in and fan-out.
    func initialize(weight: Parameter, bias: Parameter?, fanIn: Int, fanOut: Int, generator: inout SeededGenerator) {
        switch self {
        case .pytorchDefault:
            let bound = fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
            fill(weight.value) { generator.uniform(-bound, bound) }
            if let bias { fill(bias.value) { generator.uniform(-bound, bound) } }
        case .kaimingNormal(let useFanOut):
            let fan = useFanOut ? fanOut : fanIn
            let std = fan > 0 ? (2 / Double(fan)).squareRoot() : 0
            fill(weight.value) { Float(std * generator.normal()) }
            bias?.value.zero()
        }
    }

    private func fill(_ tensor: Tensor, _ draw: () -> Float) {
        for i in 0..<tensor.count { tensor.pointer[i] = draw() }
    }
}
