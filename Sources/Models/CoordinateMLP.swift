import NN

/// The INR network of paper appendix C.3: an MLP with ReLU, layers `fc1`…`fc5` of widths
/// [in → hidden → hidden → hidden → hidden → 3], all five weights prunable, biases dense.
///
/// The IMP baseline conditions on region identity: a learned class embedding (`embedding.weight`,
/// `[regions, embeddingDimension]`, dense) is appended to each pixel's features, so `fc1` has
/// `in + embeddingDimension` inputs (the paper's 50). Fair initialisation (C.5): both variants draw
/// the baseline's weights from the same seed; RTL's `fc1` is the baseline's `fc1` without the
/// embedding columns, so every shared weight starts equal.
public final class CoordinateMLP: PrunableModel {
    /// `fc1`…`fc5`, in order.
    public let layers: [Linear]
    private let activations: [ReLU]
    /// The class embedding, or nil for RTL's plain network.
    public let embedding: Parameter?
    /// Inputs per pixel (Fourier features).
    public let featureDimension: Int
    /// Width of the class embedding (also drawn for RTL, for fair initialisation).
    public let embeddingDimension: Int
    /// Every parameter; the five weights are prunable.
    public let registry: ParameterRegistry
    /// The output layer `fc5` (RGB).
    public var head: [Parameter] { layers[layers.count - 1].parameters }
    private var lastRegions: [Int] = []
    private var conditioned: Tensor?

    /// - Parameters:
    ///   - features: Fourier-feature inputs (34 in the paper).
    ///   - regions: regions to embed (IMP baseline), or nil (RTL).
    ///   - embeddingDimension: width of the class embedding; RTL uses it only to draw the same weights.
    public init(features: Int, hidden: Int, embeddingDimension: Int, regions: Int?, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let fullInputs = features + embeddingDimension
        let baselineFirst = Linear(name: "fc1", inFeatures: fullInputs, outFeatures: hidden, prunable: true, generator: &generator)
        var layers = [baselineFirst]
        for (i, width) in [hidden, hidden, hidden, 3].enumerated() {
            layers.append(Linear(name: "fc\(i + 2)", inFeatures: hidden, outFeatures: width, prunable: true, generator: &generator))
        }
        var embeddingParameter: Parameter?
        if let regions {
            let e = Parameter(name: "embedding.weight", shape: [regions, embeddingDimension], role: .dense)
            for i in 0..<e.value.count { e.value.pointer[i] = Float(generator.normal()) }   // nn.Embedding: N(0, 1)
            embeddingParameter = e
        } else {
            var unused = SeededGenerator(seed: 0)
            let first = Linear(name: "fc1", inFeatures: features, outFeatures: hidden, prunable: true, generator: &unused)
            for o in 0..<hidden {
                for i in 0..<features { first.weight.value.pointer[o * features + i] = baselineFirst.weight.value.pointer[o * fullInputs + i] }
            }
            first.bias!.value.pointer.update(from: baselineFirst.bias!.value.pointer, count: hidden)
            layers[0] = first
        }
        self.layers = layers
        activations = (0..<4).map { _ in ReLU() }
        embedding = embeddingParameter
        featureDimension = features
        self.embeddingDimension = embeddingDimension
        // Layer and parameter names are fixed and distinct.
        registry = try! ParameterRegistry(layers.flatMap(\.parameters) + (embeddingParameter.map { [$0] } ?? []))
    }

    /// RGB predictions `[n, 3]` for features `[n, featureDimension]`; `regions` (one per row) are
    /// required by the embedding variant and ignored otherwise.
    public func forward(_ features: Tensor, regions: [Int], mode: Mode) -> Tensor {
        var x = features
        if let embedding {
            let n = features.shape[0], f = featureDimension, d = embeddingDimension, width = f + d
            precondition(regions.count == n, "one region per row")
            let input = Tensor.reuse(conditioned, shape: [n, width])
            conditioned = input
            for r in 0..<n {
                (input.pointer + r * width).update(from: features.pointer + r * f, count: f)
                (input.pointer + r * width + f).update(from: embedding.value.pointer + regions[r] * d, count: d)
            }
            lastRegions = regions
            x = input
        }
        for (i, layer) in layers.enumerated() {
            x = layer.forward(x, mode: mode)
            if i < activations.count { x = activations[i].forward(x, mode: mode) }
        }
        return x
    }

    /// Back-propagates through the last training forward, accumulating every parameter's gradient.
    public func backward(_ outputGradient: Tensor) {
        var g = outputGradient
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            if i < activations.count { g = activations[i].backward(g) }
            g = layers[i].backward(g)
        }
        if let embedding {
            let f = featureDimension, d = embeddingDimension, width = f + d
            for (r, region) in lastRegions.enumerated() {
                let source = g.pointer + r * width + f, target = embedding.gradient.pointer + region * d
                for j in 0..<d { target[j] += source[j] }
            }
        }
    }
}
