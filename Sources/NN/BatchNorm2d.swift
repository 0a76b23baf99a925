import CNNKernels

/// Batch normalisation over the channel axis of `[N, C, ...]` tensors (PyTorch `BatchNorm2d`), with an
/// optional ReLU fused into the same pass.
///
/// Training mode normalises with the batch mean and biased variance and updates the running
/// statistics with momentum 0.1 using the unbiased variance, as PyTorch does; inference mode uses
/// the running statistics. Statistics are accumulated in double precision.
public final class BatchNorm2d: Layer {
    /// Channels.
    public let channels: Int
    /// Added to the variance (PyTorch default 1e-5).
    public let epsilon: Float
    /// Weight of the new batch statistic in the running averages (PyTorch default 0.1).
    public let momentum: Double
    /// Whether a ReLU follows the normalisation in the same pass.
    public let fusedReLU: Bool
    /// γ, `[C]`, initialised to 1.
    public let weight: Parameter
    /// β, `[C]`, initialised to 0.
    public let bias: Parameter
    /// Running mean, `[C]`, initialised to 0.
    public let runningMean: Parameter
    /// Running (unbiased) variance, `[C]`, initialised to 1.
    public let runningVariance: Parameter

    private var input: Tensor?
    private var output: Tensor?
    private var inputGradient: Tensor?
    private var mean: [Float]
    private var inverseStd: [Float]

    /// A batch normalisation named `name` (parameters `name.weight`, `name.bias`, `name.running_mean`,
    /// `name.running_var`), followed by a ReLU if `fusedReLU`.
    public init(name: String, channels: Int, fusedReLU: Bool = false, epsilon: Float = 1e-5, momentum: Double = 0.1) {
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
        self.fusedReLU = fusedReLU
        weight = Parameter(name: name + ".weight", shape: [channels], role: .dense)
        bias = Parameter(name: name + ".bias", shape: [channels], role: .dense)
        runningMean = Parameter(name: name + ".running_mean", shape: [channels], role: .statistic)
        runningVariance = Parameter(name: name + ".running_var", shape: [channels], role: .statistic)
        weight.value.pointer.update(repeating: 1, count: channels)
        runningVariance.value.pointer.update(repeating: 1, count: channels)
        mean = Array(repeating: 0, count: channels)
        inverseStd = Array(repeating: 1, count: channels)
    }

    public var parameters: [Parameter] { [weight, bias, runningMean, runningVariance] }

    private func planeSize(_ x: Tensor) -> Int {
        precondition(x.shape.count >= 2 && x.shape[1] == channels,
                     "\(weight.name): expected [N, \(channels), ...], got \(x.shape)")
        return x.shape.dropFirst(2).reduce(1, *)
    }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let plane = planeSize(input), batch = input.shape[0]
        let output = Tensor.reuse(self.output, shape: input.shape)
        self.output = output
        var scale = [Float](repeating: 0, count: channels), shift = scale
        let gamma = weight.value.pointer, beta = bias.value.pointer
        switch mode {
        case .training:
            self.input = input
            let (batchMean, biasedVariance) = statistics(input, plane: plane)
            let values = Double(batch * plane)
            precondition(values > 1, "\(weight.name): training needs more than one value per channel")
            let rm = runningMean.value.pointer, rv = runningVariance.value.pointer
            for c in 0..<channels {
                let invstd = 1 / (biasedVariance[c] + Double(epsilon)).squareRoot()
                mean[c] = Float(batchMean[c])
                inverseStd[c] = Float(invstd)
                scale[c] = gamma[c] * Float(invstd)
                shift[c] = beta[c] - Float(batchMean[c]) * scale[c]
                rm[c] = Float(momentum * batchMean[c] + (1 - momentum) * Double(rm[c]))
                rv[c] = Float(momentum * biasedVariance[c] * values / (values - 1) + (1 - momentum) * Double(rv[c]))
            }
        case .inference:
            self.input = nil
            let rm = runningMean.value.pointer, rv = runningVariance.value.pointer
            for c in 0..<channels {
                scale[c] = gamma[c] / (rv[c] + epsilon).squareRoot()
                shift[c] = beta[c] - rm[c] * scale[c]
            }
        }
        Threading.forEachChunk(of: batch) { _, images in
            let offset = images.lowerBound * channels * plane
            nn_bn_apply(input.pointer + offset, output.pointer + offset, Int32(images.count), Int32(channels),
                        Int32(plane), scale, shift, fusedReLU ? 1 : 0)
        }
        return output
    }

    /// Batch mean and biased variance per channel, merged across chunks in order (Chan et al.).
    private func statistics(_ x: Tensor, plane: Int) -> (mean: [Double], variance: [Double]) {
        let batch = x.shape[0], chunks = Threading.chunkCount(for: batch)
        var means = [Double](repeating: 0, count: chunks * channels), m2s = means
        means.withUnsafeMutableBufferPointer { meanChunks in
            m2s.withUnsafeMutableBufferPointer { m2Chunks in
                Threading.forEachChunk(of: batch) { chunk, images in
                    nn_bn_statistics(x.pointer + images.lowerBound * channels * plane, Int32(images.count),
                                     Int32(channels), Int32(plane), meanChunks.baseAddress! + chunk * channels,
                                     m2Chunks.baseAddress! + chunk * channels)
                }
            }
        }
        var mean = Array(means[0..<channels]), m2 = Array(m2s[0..<channels])
        var count = Double(Threading.chunkRange(0, of: chunks, count: batch).count * plane)
        for chunk in 1..<chunks {
            let other = Double(Threading.chunkRange(chunk, of: chunks, count: batch).count * plane), total = count + other
            for c in 0..<channels {
                let delta = means[chunk * channels + c] - mean[c]
                mean[c] += delta * other / total
                m2[c] += m2s[chunk * channels + c] + delta * delta * count * other / total
            }
            count = total
        }
        return (mean, m2.map { $0 / count })
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input, let output else { preconditionFailure("\(weight.name): backward without a training forward") }
        precondition(outputGradient.shape == output.shape, "\(weight.name): gradient \(outputGradient.shape) ≠ \(output.shape)")
        let plane = planeSize(input), batch = input.shape[0], relu: Int32 = fusedReLU ? 1 : 0
        let chunks = Threading.chunkCount(for: batch)
        var sums = [Double](repeating: 0, count: chunks * 2 * channels)
        sums.withUnsafeMutableBufferPointer { chunkSums in
            Threading.forEachChunk(of: batch) { chunk, images in
                let offset = images.lowerBound * channels * plane, s = chunkSums.baseAddress! + chunk * 2 * channels
                nn_bn_backward_sums(input.pointer + offset, output.pointer + offset, outputGradient.pointer + offset,
                                    Int32(images.count), Int32(channels), Int32(plane), mean, inverseStd, relu,
                                    s, s + channels)
            }
        }
        let values = Double(batch * plane)
        var k = [Float](repeating: 0, count: channels), a = k, b = k
        let gamma = weight.value.pointer, dGamma = weight.gradient.pointer, dBeta = bias.gradient.pointer
        for c in 0..<channels {
            var sumG = 0.0, sumGX = 0.0
            for chunk in 0..<chunks {
                sumG += sums[chunk * 2 * channels + c]
                sumGX += sums[chunk * 2 * channels + channels + c]
            }
            dGamma[c] += Float(sumGX)
            dBeta[c] += Float(sumG)
            k[c] = gamma[c] * inverseStd[c]
            a[c] = Float(sumG / values)
            b[c] = Float(sumGX / values)
        }
        let dx = Tensor.reuse(inputGradient, shape: input.shape)
        inputGradient = dx
        Threading.forEachChunk(of: batch) { _, images in
            let offset = images.lowerBound * channels * plane
            nn_bn_backward_input(input.pointer + offset, output.pointer + offset, outputGradient.pointer + offset,
                                 dx.pointer + offset, Int32(images.count), Int32(channels), Int32(plane),
                                 mean, inverseStd, k, a, b, relu)
        }
        return dx
    }
}
