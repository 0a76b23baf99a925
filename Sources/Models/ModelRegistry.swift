import NN

/// What a registered model is for; each task has its own constructor shape.
public enum ModelTask: String, Sendable, CaseIterable {
    /// Images to class logits (CIFAR).
    case imageClassification = "image-classification"
    /// Noisy spectrogram to a complex mask (speech enhancement).
    case speechEnhancement = "speech-enhancement"
    /// Pixel coordinates to colours (implicit neural representations).
    case coordinateRegression = "coordinate-regression"
}

/// How a registered model is built, by task.
public enum ModelFactory: Sendable {
    /// `classes` outputs (1 for a one-vs-rest subnetwork), weights drawn from `seed`.
    case imageClassifier(@Sendable (_ classes: Int, _ seed: UInt64) -> any ImageClassifier)
    /// Weights drawn from `seed`.
    case speechEnhancer(@Sendable (_ seed: UInt64) -> SpeechUNet)
    /// Input feature count, hidden width, embedding width, regions to embed (nil: none), seed.
    case coordinateNetwork(@Sendable (_ features: Int, _ hidden: Int, _ embedding: Int, _ regions: Int?, _ seed: UInt64) -> CoordinateMLP)

    /// The task this factory serves.
    public var task: ModelTask {
        switch self {
        case .imageClassifier: return .imageClassification
        case .speechEnhancer: return .speechEnhancement
        case .coordinateNetwork: return .coordinateRegression
        }
    }
}

/// One model a config can name (`"model": NAME`): its name, what it is, how to build it.
public struct ModelRegistration: Sendable {
    /// The config and store name, e.g. `ghostnet-lite`.
    public let name: String
    /// One line for `--help` and docs.
    public let summary: String
    /// How to build it.
    public let factory: ModelFactory

    /// A registration (added to ``ModelRegistry/all``).
    public init(name: String, summary: String, factory: ModelFactory) {
        self.name = name; self.summary = summary; self.factory = factory
    }
}

/// Every model the experiments can train. Adding a model: its own file in Sources/Models and one
/// entry here (docs/architecture.md, "Adding a model").
public enum ModelRegistry {
    /// The registered models; the first of each task is that task's default.
    public static let all: [ModelRegistration] = [
        ModelRegistration(name: "ghostnet-lite", summary: "GhostNet-lite for 32×32 images, 125,832 prunable weights (paper §4.1)",
                          factory: .imageClassifier { GhostNetLite(classes: $0, seed: $1) }),
        ModelRegistration(name: "resnet-20", summary: "ResNet-20 for CIFAR (He et al. 2016; open_lth's cifar_resnet_20), 270,256 + 64 × outputs prunable weights",
                          factory: .imageClassifier { ResNet20(classes: $0, seed: $1) }),
        ModelRegistration(name: "speech-unet", summary: "complex-mask U-Net on STFT spectrograms (paper appendix D)",
                          factory: .speechEnhancer { SpeechUNet(seed: $0) }),
        ModelRegistration(name: "coordinate-mlp", summary: "5-layer ReLU MLP on Fourier features (paper appendix C.3)",
                          factory: .coordinateNetwork { CoordinateMLP(features: $0, hidden: $1, embeddingDimension: $2, regions: $3, seed: $4) }),
    ]

    /// The models of `task`, default first.
    public static func models(for task: ModelTask) -> [ModelRegistration] { all.filter { $0.factory.task == task } }

    /// The default model of `task`.
    public static func defaultModel(for task: ModelTask) -> ModelRegistration {
        // Every task has at least one registration above.
        models(for: task)[0]
    }

    /// The registration named `name` for `task`, or nil (the caller names the valid choices).
    public static func model(named name: String, for task: ModelTask) -> ModelRegistration? {
        models(for: task).first { $0.name == name }
    }
}
