/// max(x, 0), elementwise. The gradient at 0 is 0, as in PyTorch.
public final class ReLU: Layer {
    private var output: Tensor?
    private var inputGradient: Tensor?

    /// A ReLU.
    public init() {}

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let output = Tensor.reuse(self.output, shape: input.shape)
        self.output = output
        Elementwise.forEachRange(of: input) { range in
            let x = input.pointer, y = output.pointer
            for i in range { y[i] = max(x[i], 0) }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let output else { preconditionFailure("ReLU: backward without forward") }
        let dx = Tensor.reuse(inputGradient, shape: output.shape)
        inputGradient = dx
        Elementwise.forEachRange(of: output) { range in
            let y = output.pointer, dy = outputGradient.pointer, d = dx.pointer
            for i in range { d[i] = y[i] > 0 ? dy[i] : 0 }
        }
        return dx
    }
}

/// Splits elementwise work on a batch tensor across threads, by whole images.
enum Elementwise {
    /// Runs `body` on ranges of flat element indices covering `tensor`, one range per chunk of images.
    static func forEachRange(of tensor: Tensor, _ body: (Range<Int>) -> Void) {
        let batch = tensor.shape.first ?? 1
        guard batch > 0 else { return }
        let perImage = tensor.count / batch
        Threading.forEachChunk(of: batch) { _, images in
            body((images.lowerBound * perImage)..<(images.upperBound * perImage))
        }
    }
}
