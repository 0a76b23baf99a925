import CBLAS

/// Squeeze-and-excitation with a hard-sigmoid gate, as in GhostNet:
/// `s = expand(relu(reduce(mean_hw(x))))`, `y = x · clamp(s + 3, 0, 6) / 6` per image and channel.
///
/// `reduce` and `expand` are 1×1 convolutions with bias (weights `[r, C, 1, 1]` and `[C, r, 1, 1]`,
/// named `name.reduce.*` and `name.expand.*`); they are dense, outside the pruning scope.
public final class SqueezeExcitation: Layer {
    /// Channels of the input and output.
    public let channels: Int
    /// Channels of the bottleneck.
    public let reducedChannels: Int
    /// `[r, C, 1, 1]`.
    public let reduceWeight: Parameter
    /// `[r]`.
    public let reduceBias: Parameter
    /// `[C, r, 1, 1]`.
    public let expandWeight: Parameter
    /// `[C]`.
    public let expandBias: Parameter

    private var input: Tensor?
    private var output: Tensor?
    private var inputGradient: Tensor?
    private var pooled: [Float] = []
    private var hidden: [Float] = []
    private var preGate: [Float] = []
    private var gate: [Float] = []

    /// A squeeze-and-excitation block named `name` on `channels` channels with a `reducedChannels` bottleneck.
    public init(name: String, channels: Int, reducedChannels: Int, initialization: Initialization = .pytorchDefault,
                generator: inout SeededGenerator) {
        self.channels = channels
        self.reducedChannels = reducedChannels
        reduceWeight = Parameter(name: name + ".reduce.weight", shape: [reducedChannels, channels, 1, 1], role: .dense)
        reduceBias = Parameter(name: name + ".reduce.bias", shape: [reducedChannels], role: .dense)
        expandWeight = Parameter(name: name + ".expand.weight", shape: [channels, reducedChannels, 1, 1], role: .dense)
        expandBias = Parameter(name: name + ".expand.bias", shape: [channels], role: .dense)
        initialization.initialize(weight: reduceWeight, bias: reduceBias, fanIn: channels, fanOut: reducedChannels,
                                  generator: &generator)
        initialization.initialize(weight: expandWeight, bias: expandBias, fanIn: reducedChannels, fanOut: channels,
                                  generator: &generator)
    }

    public var parameters: [Parameter] { [reduceWeight, reduceBias, expandWeight, expandBias] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == channels,
                     "\(reduceWeight.name): expected [N, \(channels), H, W], got \(input.shape)")
        let batch = input.shape[0], plane = input.shape[2] * input.shape[3]
        self.input = input
        pooled = [Float](repeating: 0, count: batch * channels)
        pooled.withUnsafeMutableBufferPointer {
            ChannelOps.planeMeans(input.pointer, planes: batch * channels, plane: plane, into: $0.baseAddress!)
        }
        hidden = affine(pooled, rows: batch, weight: reduceWeight, bias: reduceBias, inputs: channels, outputs: reducedChannels)
        for i in hidden.indices { hidden[i] = max(hidden[i], 0) }
        preGate = affine(hidden, rows: batch, weight: expandWeight, bias: expandBias, inputs: reducedChannels, outputs: channels)
        gate = preGate.map { min(max($0 + 3, 0), 6) / 6 }
        let output = Tensor.reuse(self.output, shape: input.shape)
        self.output = output
        let gates = gate
        Threading.forEachChunk(of: batch) { _, images in
            for p in (images.lowerBound * channels)..<(images.upperBound * channels) {
                let x = input.pointer + p * plane, y = output.pointer + p * plane, g = gates[p]
                for i in 0..<plane { y[i] = x[i] * g }
            }
        }
        return output
    }

    /// `input [rows, inputs] · weightᵀ + bias` → `[rows, outputs]`.
    private func affine(_ input: [Float], rows: Int, weight: Parameter, bias: Parameter, inputs: Int, outputs: Int) -> [Float] {
        var result = [Float](repeating: 0, count: rows * outputs)
        let b = bias.value.pointer
        for r in 0..<rows {
            for o in 0..<outputs { result[r * outputs + o] = b[o] }
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1, input,
                    Int32(inputs), weight.value.pointer, Int32(inputs), 1, &result, Int32(outputs))
        return result
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input else { preconditionFailure("\(reduceWeight.name): backward without forward") }
        let batch = input.shape[0], plane = input.shape[2] * input.shape[3]
        // dL/dgate, then through the hard sigmoid (PyTorch's clamp passes the gradient on [0, 6] inclusive).
        var dPreGate = [Float](repeating: 0, count: batch * channels)
        for p in 0..<(batch * channels) {
            let x = input.pointer + p * plane, dy = outputGradient.pointer + p * plane
            var sum: Float = 0
            for i in 0..<plane { sum += dy[i] * x[i] }
            let shifted = preGate[p] + 3
            dPreGate[p] = shifted >= 0 && shifted <= 6 ? sum / 6 : 0
        }
        var dHidden = backwardAffine(dPreGate, input: hidden, rows: batch, weight: expandWeight, bias: expandBias,
                                     inputs: reducedChannels, outputs: channels)
        for i in dHidden.indices where hidden[i] <= 0 { dHidden[i] = 0 }
        let dPooled = backwardAffine(dHidden, input: pooled, rows: batch, weight: reduceWeight, bias: reduceBias,
                                     inputs: channels, outputs: reducedChannels)
        let dx = Tensor.reuse(inputGradient, shape: input.shape)
        inputGradient = dx
        let gates = gate, scale = 1 / Float(plane)
        Threading.forEachChunk(of: batch) { _, images in
            for p in (images.lowerBound * channels)..<(images.upperBound * channels) {
                let dy = outputGradient.pointer + p * plane, d = dx.pointer + p * plane
                let g = gates[p], fromPool = dPooled[p] * scale
                for i in 0..<plane { d[i] = dy[i] * g + fromPool }
            }
        }
        return dx
    }

    /// Accumulates the weight and bias gradients of `affine` and returns the gradient of its input.
    private func backwardAffine(_ dOut: [Float], input: [Float], rows: Int, weight: Parameter, bias: Parameter,
                                inputs: Int, outputs: Int) -> [Float] {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs), Int32(inputs), Int32(rows), 1, dOut,
                    Int32(outputs), input, Int32(inputs), 1, weight.gradient.pointer, Int32(inputs))
        let db = bias.gradient.pointer
        for o in 0..<outputs {
            var sum: Float = 0
            for r in 0..<rows { sum += dOut[r * outputs + o] }
            db[o] += sum
        }
        var dIn = [Float](repeating: 0, count: rows * inputs)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(inputs), Int32(outputs), 1, dOut,
                    Int32(outputs), weight.value.pointer, Int32(inputs), 0, &dIn, Int32(inputs))
        return dIn
    }
}
