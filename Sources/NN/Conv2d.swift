import CNNKernels

/// 2-D convolution over NCHW tensors with any kernel, stride, zero padding and groups, and an optional bias.
///
/// Weight shape `[out, in / groups, kh, kw]` as in PyTorch. Three algorithms, chosen from the shape:
/// 1×1 stride-1 unpadded ungrouped convolutions gather panels of images into channel-major matrices
/// and make one `sgemm` per panel; depthwise convolutions (groups = in = out, kernels up to 64 taps)
/// are direct vectorised loops; everything else is im2col + `sgemm` per image and group.
/// The weight is prunable unless created with `prunable: false`.
public final class Conv2d: Layer {
    /// Input channels.
    public let inChannels: Int
    /// Output channels.
    public let outChannels: Int
    /// Kernel size.
    public let kernel: Size2D
    /// Stride.
    public let stride: Size2D
    /// Zero padding on each side.
    public let padding: Size2D
    /// Channel groups (in and out channels must be multiples).
    public let groups: Int
    /// `[out, in / groups, kh, kw]`.
    public let weight: Parameter
    /// `[out]`, if the layer has a bias.
    public let bias: Parameter?
    /// When false, `backward` only accumulates parameter gradients and returns an empty tensor
    /// (for a first layer, whose input gradient nobody needs).
    public var computesInputGradient = true

    enum Algorithm { case pointwise, depthwise, im2col }
    let algorithm: Algorithm
    private var input: Tensor?
    private var output: Tensor?
    private var inputGradient: Tensor?
    /// Per-chunk scratch (panels or im2col columns), reused across calls.
    var scratch = ChunkBuffers()
    private var partialWeightGradients = ChunkBuffers()

    /// A convolution named `name` (its parameters are `name.weight` and `name.bias`).
    public init(
        name: String, inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Size2D = 0,
        groups: Int = 1, bias: Bool = false, prunable: Bool = true, initialization: Initialization = .pytorchDefault,
        generator: inout SeededGenerator
    ) {
        precondition(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                     "\(name): channels \(inChannels)→\(outChannels) are not multiples of \(groups) groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.groups = groups
        let fanIn = inChannels / groups * kernel.height * kernel.width
        weight = Parameter(name: name + ".weight", shape: [outChannels, inChannels / groups, kernel.height, kernel.width],
                           role: prunable ? .prunable : .dense)
        self.bias = bias ? Parameter(name: name + ".bias", shape: [outChannels], role: .dense) : nil
        initialization.initialize(weight: weight, bias: self.bias, fanIn: fanIn,
                                  fanOut: outChannels * kernel.height * kernel.width, generator: &generator)
        if kernel == 1 && stride == 1 && padding == 0 && groups == 1 {
            algorithm = .pointwise
        } else if groups == inChannels && groups == outChannels && kernel.height * kernel.width <= 64 {
            algorithm = .depthwise
        } else {
            algorithm = .im2col
        }
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    private func shape(of input: Tensor) -> ConvolutionShape {
        precondition(input.shape.count == 4 && input.shape[1] == inChannels,
                     "\(weight.name): expected [N, \(inChannels), H, W], got \(input.shape)")
        return ConvolutionShape(inputHeight: input.shape[2], inputWidth: input.shape[3],
                                kernel: kernel, stride: stride, padding: padding)
    }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let geometry = shape(of: input)
        let batch = input.shape[0]
        let output = Tensor.reuse(self.output, shape: [batch, outChannels, geometry.outputHeight, geometry.outputWidth])
        self.output = output
        self.input = mode == .training ? input : nil
        let w = weight.effectiveValue().pointer
        let x = input.pointer, y = output.pointer
        prepareScratch(chunks: Threading.chunkCount(for: batch), geometry: geometry, batch: batch)
        Threading.forEachChunk(of: batch) { chunk, images in
            switch algorithm {
            case .pointwise:
                forwardPointwise(images: images, scratch: scratch[chunk].pointer, plane: geometry.inputPlane, x: x, w: w, y: y)
            case .depthwise:
                let inImage = inChannels * geometry.inputPlane, outImage = outChannels * geometry.outputPlane
                nn_depthwise_forward(x + images.lowerBound * inImage, w, y + images.lowerBound * outImage,
                                     Int32(images.count), Int32(inChannels), geometry.c)
            case .im2col:
                forwardIm2col(images: images, column: scratch[chunk].pointer, geometry: geometry, x: x, w: w, y: y)
            }
            if let bias { addBias(bias.value.pointer, to: y, images: images, plane: geometry.outputPlane) }
        }
        return output
    }

    private func addBias(_ b: UnsafeMutablePointer<Float>, to y: UnsafeMutablePointer<Float>, images: Range<Int>, plane: Int) {
        for n in images {
            for c in 0..<outChannels {
                let p = y + (n * outChannels + c) * plane, value = b[c]
                for i in 0..<plane { p[i] += value }
            }
        }
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input, let output else { preconditionFailure("\(weight.name): backward without a training forward") }
        precondition(outputGradient.shape == output.shape, "\(weight.name): gradient \(outputGradient.shape) ≠ output \(output.shape)")
        let geometry = shape(of: input)
        let batch = input.shape[0]
        let dx: Tensor? = computesInputGradient ? Tensor.reuse(inputGradient, shape: input.shape) : nil
        inputGradient = dx
        let w = weight.effectiveValue().pointer
        let chunks = Threading.chunkCount(for: batch)
        partialWeightGradients.prepareZeroed(chunks: chunks, shape: weight.shape)
        prepareScratch(chunks: chunks, geometry: geometry, batch: batch)
        Threading.forEachChunk(of: batch) { chunk, images in
            let dw = partialWeightGradients[chunk].pointer
            switch algorithm {
            case .pointwise:
                backwardPointwise(images: images, scratch: scratch[chunk].pointer, plane: geometry.inputPlane,
                                  x: input.pointer, dy: outputGradient.pointer, w: w, dw: dw, dx: dx?.pointer)
            case .depthwise:
                let inImage = inChannels * geometry.inputPlane, outImage = outChannels * geometry.outputPlane
                let first = images.lowerBound
                nn_depthwise_backward(input.pointer + first * inImage, outputGradient.pointer + first * outImage, w,
                                      dx.map { $0.pointer + first * inImage }, dw, Int32(images.count), Int32(inChannels),
                                      geometry.c)
            case .im2col:
                backwardIm2col(images: images, column: scratch[chunk].pointer, geometry: geometry, x: input.pointer,
                               dy: outputGradient.pointer, w: w, dw: dw, dx: dx?.pointer)
            }
        }
        partialWeightGradients.sum(chunks: chunks, into: weight.gradient)
        weight.maskGradient()
        if let bias {
            accumulateChannelSums(into: bias.gradient.pointer, from: outputGradient.pointer, batch: batch, channels: outChannels, plane: geometry.outputPlane)
        }
        return dx ?? Tensor(shape: [0])
    }

    /// Floats of per-chunk scratch the algorithm needs for one chunk of `images` images.
    private func scratchSize(geometry: ConvolutionShape, images: Int) -> Int {
        switch algorithm {
        case .pointwise: return 2 * max(inChannels, outChannels) * panelImages(plane: geometry.inputPlane, images: images)
            * geometry.inputPlane
        case .depthwise: return 0
        case .im2col: return inChannels / groups * geometry.kernelArea * geometry.outputPlane
        }
    }

    private func prepareScratch(chunks: Int, geometry: ConvolutionShape, batch: Int) {
        let size = scratchSize(geometry: geometry, images: (batch + chunks - 1) / chunks)
        guard size > 0 else { return }
        scratch.prepare(chunks: chunks, count: size)
    }
}
