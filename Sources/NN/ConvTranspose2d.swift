import CBLAS
import CNNKernels

/// 2-D transposed convolution over NCHW tensors (PyTorch `ConvTranspose2d`, dilation 1): the adjoint
/// of the `Conv2d` with the same kernel, stride and padding, with an optional bias.
///
/// Weight shape `[in, out / groups, kh, kw]` as in PyTorch. The output size per axis is
/// `(in − 1)·stride − 2·padding + kernel + outputPadding`, with `outputPadding < stride`;
/// `forward(_:outputSize:mode:)` instead derives the output padding from a requested size, like
/// PyTorch's `forward(input, output_size=...)` (the U-Net uses it to match its skip connections).
///
/// Algorithm, per image and group: columns `Wᵀ·X` (`sgemm`, `[out/g·kh·kw, H·W]`) scattered into the
/// output with `nn_col2im_add`; backward gathers the output gradient with `nn_im2col`, then
/// `dX = W·cols` and `dW += X·colsᵀ` (two `sgemm`). Batches are split across threads like `Conv2d`.
/// The weight is prunable unless created with `prunable: false`; forward and backward use
/// `weight.effectiveValue()` and the weight gradient is masked.
public final class ConvTranspose2d: Layer {
    /// Input channels.
    public let inChannels: Int
    /// Output channels.
    public let outChannels: Int
    /// Kernel size.
    public let kernel: Size2D
    /// Stride.
    public let stride: Size2D
    /// Zero padding removed from each side of the full transposed-convolution output.
    public let padding: Size2D
    /// Extra rows/columns added at the bottom/right (each below the stride) by `forward(_:mode:)`.
    public let outputPadding: Size2D
    /// Channel groups (in and out channels must be multiples).
    public let groups: Int
    /// `[in, out / groups, kh, kw]`.
    public let weight: Parameter
    /// `[out]`, if the layer has a bias.
    public let bias: Parameter?
    /// When false, `backward` only accumulates parameter gradients and returns an empty tensor.
    public var computesInputGradient = true

    private var input: Tensor?
    private var output: Tensor?
    private var inputGradient: Tensor?
    /// Geometry of the adjoint convolution (its "input" is this layer's output) of the last forward.
    private var lastGeometry: ConvolutionShape?
    private var scratch = ChunkBuffers()
    private var partialWeightGradients = ChunkBuffers()

    /// A transposed convolution named `name` (parameters `name.weight` and `name.bias`). `bias`
    /// defaults to false as for `Conv2d` (PyTorch's default is true). PyTorch's default initialisation
    /// uses fan-in = `out / groups · kh · kw` (dimension 1 of the weight).
    public init(
        name: String, inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Size2D = 0,
        outputPadding: Size2D = 0, groups: Int = 1, bias: Bool = false, prunable: Bool = true,
        initialization: Initialization = .pytorchDefault, generator: inout SeededGenerator
    ) {
        precondition(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                     "\(name): channels \(inChannels)→\(outChannels) are not multiples of \(groups) groups")
        precondition(kernel.height > 0 && kernel.width > 0 && stride.height > 0 && stride.width > 0
                     && padding.height >= 0 && padding.width >= 0, "\(name): invalid kernel, stride or padding")
        precondition(outputPadding.height >= 0 && outputPadding.width >= 0
                     && outputPadding.height < stride.height && outputPadding.width < stride.width,
                     "\(name): output padding \(outputPadding) must be below the stride \(stride)")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.groups = groups
        let area = kernel.height * kernel.width
        weight = Parameter(name: name + ".weight", shape: [inChannels, outChannels / groups, kernel.height, kernel.width],
                           role: prunable ? .prunable : .dense)
        self.bias = bias ? Parameter(name: name + ".bias", shape: [outChannels], role: .dense) : nil
        // torch.nn.init._calculate_fan_in_and_fan_out: fan_in = size(1)·area, fan_out = size(0)·area.
        initialization.initialize(weight: weight, bias: self.bias, fanIn: outChannels / groups * area,
                                  fanOut: inChannels * area, generator: &generator)
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// The output height and width for an `inputHeight × inputWidth` input and `outputPadding`.
    public func outputSize(inputHeight: Int, inputWidth: Int, outputPadding: Size2D? = nil) -> Size2D {
        let extra = outputPadding ?? self.outputPadding
        return Size2D((inputHeight - 1) * stride.height - 2 * padding.height + kernel.height + extra.height,
                      (inputWidth - 1) * stride.width - 2 * padding.width + kernel.width + extra.width)
    }

    /// The output for `input` `[N, in, H, W]` with the layer's `outputPadding`.
    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        forward(input, outputSize: nil, mode: mode)
    }

    /// The output for `input` with spatial size `outputSize` (or the configured output padding if nil).
    /// `outputSize` must lie within `stride − 1` above the unpadded size on each axis, as in PyTorch.
    public func forward(_ input: Tensor, outputSize: Size2D?, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == inChannels,
                     "\(weight.name): expected [N, \(inChannels), H, W], got \(input.shape)")
        let height = input.shape[2], width = input.shape[3]
        let size = outputSize ?? self.outputSize(inputHeight: height, inputWidth: width)
        let smallest = self.outputSize(inputHeight: height, inputWidth: width, outputPadding: 0)
        precondition(size.height >= smallest.height && size.height < smallest.height + stride.height
                     && size.width >= smallest.width && size.width < smallest.width + stride.width,
                     "\(weight.name): output size \(size) outside \(smallest) + [0, \(stride)) for a \(height)×\(width) input")
        precondition(size.height > 0 && size.width > 0, "\(weight.name): empty output for a \(height)×\(width) input")
        let geometry = ConvolutionShape(inputHeight: size.height, inputWidth: size.width, kernel: kernel, stride: stride,
                                        padding: padding)
        precondition(geometry.outputHeight == height && geometry.outputWidth == width, "\(weight.name): geometry")
        lastGeometry = geometry
        let batch = input.shape[0]
        let output = Tensor.reuse(self.output, shape: [batch, outChannels, size.height, size.width])
        self.output = output
        self.input = mode == .training ? input : nil
        let w = weight.effectiveValue().pointer
        let x = input.pointer, y = output.pointer
        prepareScratch(chunks: Threading.chunkCount(for: batch), geometry: geometry)
        let inGroup = inChannels / groups, outGroup = outChannels / groups
        let rows = outGroup * geometry.kernelArea, plane = geometry.outputPlane, outPlane = geometry.inputPlane
        Threading.forEachChunk(of: batch) { chunk, images in
            let column = scratch[chunk].pointer
            (y + images.lowerBound * outChannels * outPlane).update(repeating: 0, count: images.count * outChannels * outPlane)
            for n in images {
                for g in 0..<groups {
                    // cols[out/g·kh·kw, H·W] = W_gᵀ · X_g, W_g = [in/g, out/g·kh·kw].
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rows), Int32(plane), Int32(inGroup),
                                1, w + g * inGroup * rows, Int32(rows), x + (n * inChannels + g * inGroup) * plane,
                                Int32(plane), 0, column, Int32(plane))
                    nn_col2im_add(column, Int32(outGroup), geometry.c, y + (n * outChannels + g * outGroup) * outPlane)
                }
                if let bias {
                    let b = bias.value.pointer
                    for c in 0..<outChannels {
                        let p = y + (n * outChannels + c) * outPlane, value = b[c]
                        for i in 0..<outPlane { p[i] += value }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input, let output, let geometry = lastGeometry else {
            preconditionFailure("\(weight.name): backward without a training forward")
        }
        precondition(outputGradient.shape == output.shape, "\(weight.name): gradient \(outputGradient.shape) ≠ output \(output.shape)")
        let batch = input.shape[0]
        let dx: Tensor? = computesInputGradient ? Tensor.reuse(inputGradient, shape: input.shape) : nil
        inputGradient = dx
        let w = weight.effectiveValue().pointer
        let chunks = Threading.chunkCount(for: batch)
        partialWeightGradients.prepareZeroed(chunks: chunks, shape: weight.shape)
        prepareScratch(chunks: chunks, geometry: geometry)
        let inGroup = inChannels / groups, outGroup = outChannels / groups
        let rows = outGroup * geometry.kernelArea, plane = geometry.outputPlane, outPlane = geometry.inputPlane
        let x = input.pointer, dy = outputGradient.pointer
        Threading.forEachChunk(of: batch) { chunk, images in
            let column = scratch[chunk].pointer, dw = partialWeightGradients[chunk].pointer
            for n in images {
                for g in 0..<groups {
                    let xg = x + (n * inChannels + g * inGroup) * plane, wg = w + g * inGroup * rows
                    nn_im2col(dy + (n * outChannels + g * outGroup) * outPlane, Int32(outGroup), geometry.c, column)
                    // dW_g[in/g, rows] += X_g · colsᵀ
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(inGroup), Int32(rows), Int32(plane),
                                1, xg, Int32(plane), column, Int32(plane), 1, dw + g * inGroup * rows, Int32(rows))
                    if let dx {
                        // dX_g[in/g, H·W] = W_g · cols
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(inGroup), Int32(plane), Int32(rows),
                                    1, wg, Int32(rows), column, Int32(plane), 0,
                                    dx.pointer + (n * inChannels + g * inGroup) * plane, Int32(plane))
                    }
                }
            }
        }
        partialWeightGradients.sum(chunks: chunks, into: weight.gradient)
        weight.maskGradient()
        if let bias { accumulateChannelSums(into: bias.gradient.pointer, from: dy, batch: batch, channels: outChannels, plane: outPlane) }
        return dx ?? Tensor(shape: [0])
    }

    private func prepareScratch(chunks: Int, geometry: ConvolutionShape) {
        let size = outChannels / groups * geometry.kernelArea * geometry.outputPlane
        scratch.prepare(chunks: chunks, count: size)
    }
}
