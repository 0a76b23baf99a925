import CBLAS

/// y = x Wᵀ + b for `x` of shape `[N, in]` (PyTorch `Linear`). The weight `[out, in]` is dense unless
/// created with `prunable: true` (e.g. for masked MLPs).
public final class Linear: Layer {
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// `[out, in]`.
    public let weight: Parameter
    /// `[out]`, if the layer has a bias.
    public let bias: Parameter?

    private var input: Tensor?
    private var output: Tensor?
    private var inputGradient: Tensor?
    private var partialWeightGradients = ChunkBuffers()

    /// A linear layer named `name` (parameters `name.weight`, `name.bias`).
    public init(name: String, inFeatures: Int, outFeatures: Int, bias: Bool = true, prunable: Bool = false,
                initialization: Initialization = .pytorchDefault, generator: inout SeededGenerator) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(name: name + ".weight", shape: [outFeatures, inFeatures], role: prunable ? .prunable : .dense)
        self.bias = bias ? Parameter(name: name + ".bias", shape: [outFeatures], role: .dense) : nil
        initialization.initialize(weight: weight, bias: self.bias, fanIn: inFeatures, fanOut: outFeatures,
                                  generator: &generator)
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 2 && input.shape[1] == inFeatures,
                     "\(weight.name): expected [N, \(inFeatures)], got \(input.shape)")
        let rows = input.shape[0]
        let output = Tensor.reuse(self.output, shape: [rows, outFeatures])
        self.output = output
        self.input = mode == .training ? input : nil
        let w = weight.effectiveValue().pointer
        Threading.forEachChunk(of: rows) { _, range in
            let x = input.pointer + range.lowerBound * inFeatures, y = output.pointer + range.lowerBound * outFeatures
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(range.count), Int32(outFeatures), Int32(inFeatures),
                        1, x, Int32(inFeatures), w, Int32(inFeatures), 0, y, Int32(outFeatures))
            if let bias {
                let b = bias.value.pointer
                for r in 0..<range.count {
                    for o in 0..<outFeatures { y[r * outFeatures + o] += b[o] }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input else { preconditionFailure("\(weight.name): backward without a training forward") }
        let rows = input.shape[0]
        precondition(outputGradient.shape == [rows, outFeatures], "\(weight.name): gradient \(outputGradient.shape)")
        let dx = Tensor.reuse(inputGradient, shape: input.shape)
        inputGradient = dx
        let w = weight.effectiveValue().pointer
        let chunks = Threading.chunkCount(for: rows)
        partialWeightGradients.prepare(chunks: chunks, count: weight.value.count)   // each chunk's sgemm overwrites its buffer
        Threading.forEachChunk(of: rows) { chunk, range in
            let x = input.pointer + range.lowerBound * inFeatures
            let dy = outputGradient.pointer + range.lowerBound * outFeatures
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outFeatures), Int32(inFeatures), Int32(range.count),
                        1, dy, Int32(outFeatures), x, Int32(inFeatures), 0, partialWeightGradients[chunk].pointer,
                        Int32(inFeatures))
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(range.count), Int32(inFeatures), Int32(outFeatures),
                        1, dy, Int32(outFeatures), w, Int32(inFeatures), 0, dx.pointer + range.lowerBound * inFeatures,
                        Int32(inFeatures))
        }
        partialWeightGradients.sum(chunks: chunks, into: weight.gradient)
        weight.maskGradient()
        if let bias {
            let db = bias.gradient.pointer, dy = outputGradient.pointer
            for o in 0..<outFeatures {
                var sum = 0.0
                for r in 0..<rows { sum += Double(dy[r * outFeatures + o]) }
                db[o] += Float(sum)
            }
        }
        return dx
    }
}
