import NN

/// The speech-enhancement U-Net of "Routing the Lottery" (paper Appendix D.2, Table 7): it maps a noisy
/// STFT `[N, 2, F, T]` (channels: real, imaginary; F frequency bins, e.g. 513; T frames) to a complex
/// ratio mask of the same shape, which `ComplexMask.apply` multiplies into the noisy spectrogram.
///
/// - Encoder `enc1`…`enc5`: prunable `Conv2d` (with bias) → `ELU` → `BatchNorm2d`, channels
///   2→12→12→12→24→48, kernels 3×5 (enc1) and 3×3, stride (1, 2): stride 1 along F, 2 along T.
///   Padding (1, 2) for 3×5 and (1, 1) for 3×3 keeps F and gives ⌈T/2⌉ frames.
/// - Decoder `dec1`…`dec5`: prunable `ConvTranspose2d` (with bias) with the mirrored kernel, stride and
///   padding, channels 48→24, 48→12, 24→12, 24→12, 24→2; dec1–dec4 are followed by `ELU` →
///   `BatchNorm2d`. The input of dec(k+1) is concat(dec(k) output, enc(5−k) output) along channels.
/// - Arbitrary T (not only powers of two): each transposed convolution is asked for exactly the frame
///   count of the skip it is concatenated with (dec5: the input's), which PyTorch's
///   `ConvTranspose2d(x, output_size=...)` expresses as output padding 0 or 1 on T; no cropping or
///   padding is needed, since ⌈T/2⌉·2 − 1 + {0, 1} covers T.
/// - Output activation: `tanh` on each of the two mask channels, so Mr, Mi ∈ (−1, 1) (a bounded mask,
///   |M| < √2; DCUNet-style bounding, kept elementwise for simplicity).
///
/// Parameter names follow the reference PyTorch module (`enc1.conv.weight`, `enc1.bn.running_mean`,
/// `dec5.conv.bias`, ...), in depth order. The pruning scope is the ten convolution weights:
/// 37,368 weights (the paper: ~37K).
public final class SpeechUNet: Layer, PrunableModel {
    /// Output channels of the five encoder stages.
    public static let encoderChannels = [12, 12, 12, 24, 48]
    /// Output channels of the five decoder stages (the last one is the complex mask).
    public static let decoderChannels = [24, 12, 12, 12, 2]
    /// The number of prunable weights (encoder and decoder kernels).
    public static let prunableWeightCount = 37_368

    /// Every parameter in depth order; `registry.prunable` is the pruning scope.
    public let registry: ParameterRegistry
    /// The last transposed convolution, which outputs the complex mask.
    public var head: [Parameter] { output.parameters }
    /// Whether `backward` returns the gradient with respect to the input spectrogram (default false:
    /// the first convolution skips it and `backward` returns an empty tensor).
    public var computesInputGradient: Bool {
        get { encoders[0].conv.computesInputGradient }
        set { encoders[0].conv.computesInputGradient = newValue }
    }

    private let encoders: [(conv: Conv2d, elu: ELU, norm: BatchNorm2d)]
    private let decoders: [(conv: ConvTranspose2d, elu: ELU, norm: BatchNorm2d)]
    private let output: ConvTranspose2d
    private let maskActivation = Tanh()
    /// Encoder outputs of the last forward.
    private var skips: [Tensor] = []
    /// Inputs of dec2…dec5 (concatenations), reused across calls.
    private var concatenations: [Tensor?] = Array(repeating: nil, count: 4)
    /// Gradients of dec1…dec4 outputs, split off the concatenation gradients, reused across calls.
    private var decoderGradients: [Tensor?] = Array(repeating: nil, count: 4)

    /// A freshly initialised network (PyTorch default initialisation unless told otherwise); the same
    /// `seed` gives the same weights.
    public init(seed: UInt64, initialization: Initialization = .pytorchDefault) {
        var generator = SeededGenerator(seed: seed)
        var inChannels = 2
        var encoders: [(conv: Conv2d, elu: ELU, norm: BatchNorm2d)] = []
        for (index, channels) in Self.encoderChannels.enumerated() {
            let wide = index == 0
            let conv = Conv2d(name: "enc\(index + 1).conv", inChannels: inChannels, outChannels: channels,
                              kernel: wide ? Size2D(3, 5) : 3, stride: Size2D(1, 2), padding: wide ? Size2D(1, 2) : 1,
                              bias: true, initialization: initialization, generator: &generator)
            encoders.append((conv, ELU(), BatchNorm2d(name: "enc\(index + 1).bn", channels: channels)))
            inChannels = channels
        }
        encoders[0].conv.computesInputGradient = false
        var decoders: [(conv: ConvTranspose2d, elu: ELU, norm: BatchNorm2d)] = []
        var last: ConvTranspose2d?
        for (index, channels) in Self.decoderChannels.enumerated() {
            let isLast = index == Self.decoderChannels.count - 1
            let conv = ConvTranspose2d(name: "dec\(index + 1).conv", inChannels: inChannels, outChannels: channels,
                                       kernel: isLast ? Size2D(3, 5) : 3, stride: Size2D(1, 2),
                                       padding: isLast ? Size2D(1, 2) : 1, bias: true, initialization: initialization,
                                       generator: &generator)
            if isLast {
                last = conv
            } else {
                decoders.append((conv, ELU(), BatchNorm2d(name: "dec\(index + 1).bn", channels: channels)))
                // The next decoder reads this output concatenated with the mirrored encoder output.
                inChannels = channels + Self.encoderChannels[Self.encoderChannels.count - 2 - index]
            }
        }
        self.encoders = encoders
        self.decoders = decoders
        output = last!
        let parameters = encoders.flatMap { $0.conv.parameters + $0.norm.parameters }
            + decoders.flatMap { $0.conv.parameters + $0.norm.parameters } + output.parameters
        registry = .ofModel("SpeechUNet", parameters)
        precondition(registry.prunableCount == Self.prunableWeightCount,
                     "SpeechUNet has \(registry.prunableCount) prunable weights, expected \(Self.prunableWeightCount)")
    }

    /// Every parameter (the registry's).
    public var parameters: [Parameter] { registry.all }

    /// The complex mask `[N, 2, F, T]` (tanh-bounded) for a noisy spectrogram `[N, 2, F, T]`; valid until
    /// the next `forward`.
    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == 2 && input.shape[2] > 0 && input.shape[3] > 0,
                     "SpeechUNet: expected [N, 2, F, T], got \(input.shape)")
        var x = input
        skips = []
        for stage in encoders {
            x = stage.norm.forward(stage.elu.forward(stage.conv.forward(x, mode: mode), mode: mode), mode: mode)
            skips.append(x)
        }
        let depth = skips.count
        for (index, stage) in decoders.enumerated() {
            let skip = skips[depth - 2 - index]
            let y = stage.conv.forward(x, outputSize: Self.spatialSize(skip), mode: mode)
            let decoded = stage.norm.forward(stage.elu.forward(y, mode: mode), mode: mode)
            let shape = [skip.shape[0], decoded.shape[1] + skip.shape[1], skip.shape[2], skip.shape[3]]
            let joined = Tensor.reuse(concatenations[index], shape: shape)
            concatenations[index] = joined
            ChannelOps.concatenate([decoded, skip], into: joined)
            x = joined
        }
        let logits = output.forward(x, outputSize: Self.spatialSize(input), mode: mode)
        return maskActivation.forward(logits, mode: mode)
    }

    /// Accumulates every parameter gradient from dLoss/dMask (see `ComplexMask.maskGradient`). Returns
    /// dLoss/dInput if `computesInputGradient`, else an empty tensor.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        precondition(skips.count == encoders.count, "SpeechUNet: backward without a training forward")
        var concatenationGradients: [Tensor] = Array(repeating: Tensor(shape: [0]), count: decoders.count + 1)
        concatenationGradients[decoders.count] = output.backward(maskActivation.backward(outputGradient))
        for (index, stage) in decoders.enumerated().reversed() {
            let joined = concatenationGradients[index + 1]
            let decodedChannels = Self.decoderChannels[index]
            let shape = [joined.shape[0], decodedChannels, joined.shape[2], joined.shape[3]]
            let split = Tensor.reuse(decoderGradients[index], shape: shape)
            decoderGradients[index] = split
            ChannelOps.copyChannels(from: joined, 0..<decodedChannels, to: split, at: 0, accumulate: false)
            concatenationGradients[index] = stage.conv.backward(stage.elu.backward(stage.norm.backward(split)))
        }
        // concatenationGradients[0] is dLoss/d(enc5 output). enc(k) output also feeds dec(5−k)'s input: its
        // share is added in place into the gradient that enc(k+1)'s convolution returned.
        var gradient = concatenationGradients[0]
        let depth = encoders.count
        for (index, stage) in encoders.enumerated().reversed() {
            if index < depth - 1 {
                let joined = concatenationGradients[depth - 1 - index]
                let decodedChannels = joined.shape[1] - Self.encoderChannels[index]
                ChannelOps.copyChannels(from: joined, decodedChannels..<joined.shape[1], to: gradient, at: 0,
                                        accumulate: true)
            }
            gradient = stage.conv.backward(stage.elu.backward(stage.norm.backward(gradient)))
        }
        return gradient
    }

    private static func spatialSize(_ tensor: Tensor) -> Size2D { Size2D(tensor.shape[2], tensor.shape[3]) }
}
