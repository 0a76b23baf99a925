/// Mean over the spatial axes: `[N, C, H, W]` → `[N, C, 1, 1]` (PyTorch `adaptive_avg_pool2d(x, 1)`).
public final class GlobalAveragePool: Layer {
    private var inputShape: [Int] = []
    private var output: Tensor?
    private var inputGradient: Tensor?

    /// A global average pooling.
    public init() {}

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4, "GlobalAveragePool: expected [N, C, H, W], got \(input.shape)")
        inputShape = input.shape
        let planes = input.shape[0] * input.shape[1], plane = input.shape[2] * input.shape[3]
        let output = Tensor.reuse(self.output, shape: [input.shape[0], input.shape[1], 1, 1])
        self.output = output
        ChannelOps.planeMeans(input.pointer, planes: planes, plane: plane, into: output.pointer)
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let dx = Tensor.reuse(inputGradient, shape: inputShape)
        inputGradient = dx
        let planes = inputShape[0] * inputShape[1], plane = inputShape[2] * inputShape[3]
        let scale = 1 / Float(plane), dy = outputGradient.pointer, d = dx.pointer
        for p in 0..<planes {
            let value = dy[p] * scale
            for i in 0..<plane { d[p * plane + i] = value }
        }
        return dx
    }
}

/// `[N, d1, d2, ...]` → `[N, d1 · d2 · ...]`, sharing storage.
public final class Flatten: Layer {
    private var inputShape: [Int] = []

    /// A flatten.
    public init() {}

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        inputShape = input.shape
        let batch = input.shape.first ?? 1
        return input.reshaped([batch, batch == 0 ? 0 : input.count / batch])
    }

    public func backward(_ outputGradient: Tensor) -> Tensor { outputGradient.reshaped(inputShape) }
}
