import NN

/// ResNet-20 for CIFAR (He et al. 2016, "Deep Residual Learning for Image Recognition", §4.2), the
/// lottery-ticket literature's standard small model (Frankle & Carbin 2019; open_lth's
/// `cifar_resnet_20`).
///
/// The definition follows open_lth's `models/cifar_resnet.py` (facebookresearch/open_lth, class
/// `Model` with plan `[(16, 3), (32, 3), (64, 3)]`): a 3×3 stride-1 convolution 3→16 with batch norm
/// and ReLU; three stages of three basic blocks with 16, 32 and 64 channels; global average pooling;
/// a fully connected layer 64→`classes`. A basic block is 3×3 conv (stride 2 in the first block of
/// stages 2 and 3) → BN → ReLU → 3×3 conv → BN, plus a shortcut, then ReLU. The shortcut is the
/// identity, except where a block downsamples: there it is a 1×1 stride-2 convolution and BN
/// (He et al.'s option B). Convolutions have no bias; every batch norm uses momentum 0.1, ε 1e-5.
///
/// Parameter names are open_lth's `state_dict` names (`conv.weight`, `bn.running_mean`,
/// `blocks.3.conv1.weight`, `blocks.3.shortcut.0.weight`, `blocks.3.shortcut.1.bias`, `fc.weight`,
/// `fc.bias`), registered in its depth order.
///
/// Pruning scope, as open_lth's `prunable_layer_names`: every convolution weight and the fully
/// connected weight, 270,896 weights (270,256 convolution + 640 classifier weights for 10 classes);
/// biases and batch-norm parameters stay dense. (GhostNet-lite, following the RTL paper, keeps its
/// classifier dense.) 272,474 trainable values for 10 classes. Input `[N, 3, H, W]` (32×32 for
/// CIFAR); output logits `[N, classes]`.
public final class ResNet20: ImageClassifier {
    /// (channels, blocks) of the three stages: open_lth's plan for `cifar_resnet_20`.
    static let stages: [(channels: Int, blocks: Int)] = [(16, 3), (32, 3), (64, 3)]

    /// The number of prunable convolution weights (the classifier's weight adds `64 · classes`).
    public static let prunableConvolutionWeightCount = 270_256

    /// The number of prunable weights for `classes` outputs: every convolution weight and the
    /// classifier weight (270,896 for 10 classes).
    public static func prunableWeightCount(classes: Int) -> Int { prunableConvolutionWeightCount + 64 * classes }

    /// Number of outputs of the classifier.
    public let classes: Int
    /// Every parameter in depth order; `registry.prunable` is the pruning scope.
    public let registry: ParameterRegistry
    /// The classification head: the fully connected layer's weight and bias (`fc.weight`, `fc.bias`),
    /// as open_lth's `output_layer_names`. A subnetwork that keeps its own head (RTL Alg. 2) keeps
    /// these; `fc.weight` is also in the pruning scope.
    public let head: [Parameter]
    private let network: Sequential

    /// A freshly initialised network; the same `seed` gives the same weights. The default
    /// initialisation is open_lth's `kaiming_normal` (N(0, 2/fan-in) weights); unlike open_lth it
    /// also zeroes the classifier bias, and batch norm starts at γ = 1, β = 0.
    public init(classes: Int = 10, seed: UInt64, initialization: Initialization = .kaimingNormal(fanOut: false)) {
        precondition(classes >= 1, "ResNet20 needs at least one output")
        self.classes = classes
        var generator = SeededGenerator(seed: seed)
        let stem = Conv2d(name: "conv", inChannels: 3, outChannels: 16, kernel: 3, padding: 1,
                          initialization: initialization, generator: &generator)
        stem.computesInputGradient = false
        var layers: [Layer] = [stem, BatchNorm2d(name: "bn", channels: 16, fusedReLU: true)]
        var channels = Self.stages[0].channels, index = 0
        for (stage, plan) in Self.stages.enumerated() {
            for block in 0..<plan.blocks {
                layers.append(Self.basicBlock(name: "blocks.\(index)", inChannels: channels, outChannels: plan.channels,
                                              downsample: stage > 0 && block == 0, initialization: initialization,
                                              generator: &generator))
                layers.append(ReLU())
                channels = plan.channels
                index += 1
            }
        }
        let fc = Linear(name: "fc", inFeatures: channels, outFeatures: classes, prunable: true,
                        initialization: initialization, generator: &generator)
        layers += [GlobalAveragePool(), Flatten(), fc]
        network = Sequential(layers)
        head = fc.parameters
        registry = .ofModel("ResNet20", network.parameters)
        precondition(registry.prunableCount == Self.prunableWeightCount(classes: classes),
                     "ResNet20 has \(registry.prunableCount) prunable weights, expected \(Self.prunableWeightCount(classes: classes))")
    }

    /// One basic block without its final ReLU: `bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)`,
    /// the shortcut a 1×1 stride-2 convolution and BN when `downsample` (the only blocks whose
    /// channel count changes), else the identity.
    static func basicBlock(name: String, inChannels: Int, outChannels: Int, downsample: Bool,
                           initialization: Initialization, generator: inout SeededGenerator) -> Layer {
        let stride: Size2D = downsample ? 2 : 1
        let body = Sequential([
            Conv2d(name: name + ".conv1", inChannels: inChannels, outChannels: outChannels, kernel: 3, stride: stride,
                   padding: 1, initialization: initialization, generator: &generator),
            BatchNorm2d(name: name + ".bn1", channels: outChannels, fusedReLU: true),
            Conv2d(name: name + ".conv2", inChannels: outChannels, outChannels: outChannels, kernel: 3, padding: 1,
                   initialization: initialization, generator: &generator),
            BatchNorm2d(name: name + ".bn2", channels: outChannels),
        ])
        guard downsample else { return Residual(body: body) }
        let shortcut = Sequential([
            Conv2d(name: name + ".shortcut.0", inChannels: inChannels, outChannels: outChannels, kernel: 1, stride: 2,
                   initialization: initialization, generator: &generator),
            BatchNorm2d(name: name + ".shortcut.1", channels: outChannels),
        ])
        return Residual(body: body, shortcut: shortcut)
    }

    /// Every parameter (the registry's).
    public var parameters: [Parameter] { registry.all }

    /// Logits `[N, classes]` for images `[N, 3, H, W]`; valid until the next `forward`.
    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == 3, "ResNet20: expected [N, 3, H, W], got \(input.shape)")
        return network.forward(input, mode: mode)
    }

    /// Accumulates every parameter gradient from dLoss/dLogits. The input gradient is not computed
    /// (the stem skips it); the returned tensor is empty.
    public func backward(_ outputGradient: Tensor) -> Tensor { network.backward(outputGradient) }
}
