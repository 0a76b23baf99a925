/// `body(x) + shortcut(x)`, with the identity as shortcut when none is given. Both branches must
/// produce the same shape.
public final class Residual: Layer {
    /// The main branch.
    public let body: Layer
    /// The shortcut branch; `nil` is the identity.
    public let shortcut: Layer?

    private var output: Tensor?
    private var inputGradient: Tensor?

    /// A residual connection around `body`.
    public init(body: Layer, shortcut: Layer? = nil) {
        self.body = body
        self.shortcut = shortcut
    }

    public var parameters: [Parameter] { body.parameters + (shortcut?.parameters ?? []) }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let main = body.forward(input, mode: mode)
        let side = shortcut?.forward(input, mode: mode) ?? input
        precondition(main.shape == side.shape, "Residual: body gives \(main.shape), shortcut \(side.shape)")
        let output = Tensor.reuse(self.output, shape: main.shape)
        self.output = output
        Elementwise.forEachRange(of: output) { range in
            let a = main.pointer, b = side.pointer, y = output.pointer
            for i in range { y[i] = a[i] + b[i] }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let main = body.backward(outputGradient)
        let side = shortcut?.backward(outputGradient) ?? outputGradient
        let dx = Tensor.reuse(inputGradient, shape: main.shape)
        inputGradient = dx
        Elementwise.forEachRange(of: dx) { range in
            let a = main.pointer, b = side.pointer, d = dx.pointer
            for i in range { d[i] = a[i] + b[i] }
        }
        return dx
    }
}
