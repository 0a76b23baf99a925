import Foundation
import PruningCore

/// Everything a training run is made of, read from a JSON file (docs/training.md lists every key).
/// Unknown keys and impossible values are errors, so a typo never silently falls back to a default.
public struct TrainConfig: Sendable, Equatable, Codable, RunConfig {
    /// `rtl`, `imp-single` or `imp-multi`.
    public enum Method: String, Sendable, Codable, CaseIterable { case rtl, impSingle = "imp-single", impMulti = "imp-multi" }
    /// `cifar10`, `cifar100` or `synthetic` (generated images, no files needed).
    public enum DatasetName: String, Sendable, Codable, CaseIterable { case cifar10, cifar100, synthetic }

    /// The run name (default for `--name`).
    public var name: String?
    /// RTL or an IMP baseline.
    public var method: Method
    /// Where the images come from.
    public var dataset: DatasetName
    /// `class`, `clusters` (the paper's CIFAR-100 clusters) or `custom` (with `partition_map`).
    public var partition: String
    /// Class name → subset name, for `partition: custom`.
    public var partitionMap: [String: String]?
    /// Weights removed per pruning iteration (paper: 4,096), or nil for `prune_fraction`.
    public var pruneWeights: Int?
    /// Fraction of the kept weights removed per iteration, when `prune_weights` is not given.
    public var pruneFraction: Double?
    /// Sparsities where joint retraining runs and results are reported (paper: 0.25, 0.5, 0.75).
    public var targetSparsities: [Double]
    /// Training epochs per subnetwork per pruning iteration (Alg. 1's N).
    public var extractionEpochs: Int
    /// Joint retraining epochs at each target sparsity (Alg. 2's N).
    public var retrainingEpochs: Int
    /// Images per batch (even: binary batches are half positives).
    public var batchSize: Int
    /// Adam's learning rate.
    public var learningRate: Double
    /// Seeds initialisation, splits, batches and augmentation.
    public var seed: UInt64
    /// Training images per class, at most (nil: all).
    public var imagesPerClass: Int?
    /// Test images per class, at most (nil: all).
    public var testImagesPerClass: Int?
    /// Fraction of the training images per class held out for validation.
    public var validationFraction: Double
    /// Random crop with padding 4 and horizontal flip while training.
    public var augment: Bool
    /// A stop rule judged after every pruning iteration (docs/stop-rules.md), or nil.
    public var stopRule: String?
    /// The image classifier to train, by its `ModelRegistry` name (checked by
    /// ``modelRegistration(source:)``); nil means ``defaultModel``. The canonical JSON leaves the
    /// default out, so configs that predate the key, name the default or omit it are the same run.
    public var model: String?
    /// The model of a config without `model`: the first image classifier of `ModelRegistry` (a test
    /// keeps the two equal).
    public static let defaultModel = "ghostnet-lite"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, method, dataset, partition
        case partitionMap = "partition_map", pruneWeights = "prune_weights", pruneFraction = "prune_fraction"
        case targetSparsities = "target_sparsities", extractionEpochs = "extraction_epochs", retrainingEpochs = "retraining_epochs"
        case batchSize = "batch_size", learningRate = "learning_rate", seed
        case imagesPerClass = "images_per_class", testImagesPerClass = "test_images_per_class"
        case validationFraction = "validation_fraction", augment, stopRule = "stop_rule", model
    }

    /// Every key a config may have.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Checks values a run cannot start with.
    public func validate(source: String) throws {
        func fail(_ m: String) -> LotteryError { .config("'\(source)': \(m)") }
        try PruningSchedule(weightsPerIteration: pruneWeights, fractionPerIteration: pruneFraction, targetSparsities: targetSparsities).validate(source: source)
        guard extractionEpochs >= 1, retrainingEpochs >= 1 else { throw fail("epochs must be at least 1") }
        guard batchSize >= 2, batchSize % 2 == 0 else { throw fail("batch_size must be an even number ≥ 2 (balanced batches are half positives)") }
        guard learningRate > 0, learningRate.isFinite else { throw fail("learning_rate must be positive") }
        guard validationFraction >= 0, validationFraction < 1 else { throw fail("validation_fraction must be in [0, 1)") }
        if let n = imagesPerClass, n < 2 { throw fail("images_per_class must be at least 2") }
        if let n = testImagesPerClass, n < 1 { throw fail("test_images_per_class must be at least 1") }
        guard ["class", "clusters", "custom"].contains(partition) else { throw fail("partition must be class, clusters or custom") }
        if partition == "custom", partitionMap == nil { throw fail("partition custom needs partition_map") }
        if partition == "clusters", dataset != .cifar100 { throw fail("partition clusters is defined for cifar100 only") }
    }

    /// The configuration as canonical JSON (sorted keys): stored with the run and compared on resume.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var canonical = self
        if canonical.model == Self.defaultModel { canonical.model = nil }
        // Encoding strings, numbers, booleans and arrays of them cannot fail.
        return String(decoding: try! encoder.encode(canonical), as: UTF8.self)
    }
}

extension TrainConfig {
    /// The configuration `ticketscope demo` trains: pruning 20% of the kept weights per iteration to
    /// 95% sparsity (15 steps, so collapse shows), retraining at 25/50/75/95%, one Alg. 1 epoch per
    /// iteration and two retraining epochs (sized to finish within 5 minutes on 2 cores, README;
    /// `ticketscope demo` trains 700 images per class).
    /// Throws a config error for an impossible `imagesPerClass`.
    public static func demo(method: Method, dataset: DatasetName, imagesPerClass: Int) throws -> TrainConfig {
        let object: [String: Any] = [
            "name": "demo-\(method.rawValue)", "method": method.rawValue, "dataset": dataset.rawValue, "partition": "class",
            "prune_fraction": 0.2, "target_sparsities": [0.25, 0.5, 0.75, 0.95], "extraction_epochs": 1, "retraining_epochs": 2,
            "batch_size": 128, "learning_rate": 0.001, "seed": 0, "images_per_class": imagesPerClass, "test_images_per_class": 300,
            "validation_fraction": 0.1, "augment": true,
        ]
        return try TrainConfig(json: JSONSerialization.data(withJSONObject: object), source: "demo --images-per-class \(imagesPerClass)")
    }
}
