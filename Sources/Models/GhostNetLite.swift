import NN

/// GhostNet-lite, the CIFAR backbone of "Routing the Lottery" (paper Table 4, Appendix A.1): a 3×3
/// stride-2 stem, the first nine Ghost bottlenecks of GhostNet, a 1×1 expansion 80→184, global
/// average pooling, a 1×1 head 184→128 with ReLU and a linear classifier with `classes` outputs
/// (1 for a binary classifier).
///
/// Parameter names follow the reference PyTorch module (`stem.0.weight`, `blocks.3.se.reduce.weight`,
/// `fc.bias`, ...). The pruning scope is every convolution weight outside squeeze-and-excitation:
/// 125,832 weights. Input `[N, 3, H, W]` (32×32 for CIFAR); output logits `[N, classes]`.
public final class GhostNetLite: ImageClassifier {
    /// (kernel, expansion, output channels, SE ratio, stride) of the nine bottlenecks.
    static let configuration: [(kernel: Int, mid: Int, out: Int, se: Double, stride: Int)] = [
        (3, 16, 16, 0, 1), (3, 48, 24, 0, 2), (3, 72, 24, 0, 1), (5, 72, 40, 0.25, 2), (5, 120, 40, 0.25, 1),
        (3, 240, 80, 0, 2), (3, 200, 80, 0, 1), (3, 184, 80, 0, 1), (3, 184, 80, 0, 1),
    ]

    /// The number of prunable weights (paper: "approximately 126K").
    public static let prunableWeightCount = 125_832

    /// Number of outputs of the classifier.
    public let classes: Int
    /// Every parameter in depth order; `registry.prunable` is the pruning scope.
    public let registry: ParameterRegistry
    /// The classification head: the final linear layer's weight and bias (`fc.weight`, `fc.bias`),
    /// both dense. A subnetwork that keeps its own head (RTL Alg. 2) keeps these.
    public let head: [Parameter]
    private let network: Sequential

    /// A freshly initialised network; the same `seed` gives the same weights.
    public init(classes: Int = 10, seed: UInt64, initialization: Initialization = .pytorchDefault) {
        precondition(classes >= 1, "GhostNetLite needs at least one output")
        self.classes = classes
        var generator = SeededGenerator(seed: seed)
        let stem = Conv2d(name: "stem.0", inChannels: 3, outChannels: 16, kernel: 3, stride: 2, padding: 1,
                          initialization: initialization, generator: &generator)
        stem.computesInputGradient = false
        var layers: [Layer] = [stem, BatchNorm2d(name: "stem.1", channels: 16, fusedReLU: true)]
        var channels = 16
        for (index, block) in Self.configuration.enumerated() {
            layers.append(GhostBlocks.bottleneck(
                name: "blocks.\(index)", inChannels: channels, midChannels: block.mid, outChannels: block.out,
                kernel: block.kernel, stride: block.stride, seRatio: block.se, initialization: initialization,
                generator: &generator))
            channels = block.out
        }
        layers += [
            Conv2d(name: "expand.0", inChannels: 80, outChannels: 184, kernel: 1, initialization: initialization,
                   generator: &generator),
            BatchNorm2d(name: "expand.1", channels: 184, fusedReLU: true),
            GlobalAveragePool(),
            Conv2d(name: "head.0", inChannels: 184, outChannels: 128, kernel: 1, bias: true,
                   initialization: initialization, generator: &generator),
            ReLU(),
            Flatten(),
        ]
        // Created after the layers before it: the generator's draw order fixes every weight.
        let fc = Linear(name: "fc", inFeatures: 128, outFeatures: classes, initialization: initialization,
                        generator: &generator)
        layers.append(fc)
        network = Sequential(layers)
        head = fc.parameters
        registry = .ofModel("GhostNetLite", network.parameters)
        precondition(registry.prunableCount == Self.prunableWeightCount,
                     "GhostNetLite has \(registry.prunableCount) prunable weights, expected \(Self.prunableWeightCount)")
    }

    /// Every parameter (the registry's).
    public var parameters: [Parameter] { registry.all }

    /// Logits `[N, classes]` for images `[N, 3, H, W]`; valid until the next `forward`.
    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == 3, "GhostNetLite: expected [N, 3, H, W], got \(input.shape)")
        return network.forward(input, mode: mode)
    }

    /// Accumulates every parameter gradient from dLoss/dLogits. The input gradient is not computed
    /// (the stem skips it); the returned tensor is empty.
    public func backward(_ outputGradient: Tensor) -> Tensor { network.backward(outputGradient) }
}
