import Foundation
import PruningCore
import RegionImages

/// An INR run (paper appendix C) read from JSON; docs/inr.md lists every key. Unknown keys and
/// impossible values are errors. Keys marked optional take the paper's value when left out.
public struct INRConfig: Sendable, Equatable, Codable, RunConfig {
    /// `inr-rtl` (one subnetwork per region) or `inr-imp` (one mask, class-embedding baseline).
    public enum Method: String, Sendable, Codable, CaseIterable { case rtl = "inr-rtl", imp = "inr-imp" }
    /// How the learning rate moves within a training phase.
    public enum LearningRateSchedule: String, Sendable, Codable, CaseIterable {
        case constant, cosine

        /// The rate at `step` of `steps` for base rate `rate`.
        public func rate(_ rate: Double, step: Int, of steps: Int) -> Double {
            switch self {
            case .constant: return rate
            case .cosine: return rate * 0.5 * (1 + cos(Double.pi * Double(step) / Double(steps)))
            }
        }
    }

    public var name: String?
    public var method: Method
    /// Image names (files NAME.png + NAME.regions.png in the data directory) to train, in order; nil: all.
    public var images: [String]?
    /// How the label map encodes regions (optional, default `index`).
    public var labelEncoding: LabelEncoding
    /// Resize so the longer side has this many pixels (optional, default: keep the size).
    public var resize: Int?
    /// Most regions an image may have (optional, default 16).
    public var maxRegions: Int
    /// Fourier frequencies (optional, default 16 → 34 inputs).
    public var fourierFeatures: Int
    /// Standard deviation of the Fourier frequencies (optional, default 10).
    public var fourierScale: Double
    /// Hidden width (optional, default 128).
    public var hidden: Int
    /// Class-embedding width of the baseline (optional, default 16 → 50 inputs).
    public var embeddingDimension: Int
    /// Full-batch Adam steps per subnetwork per pruning iteration (paper: 10,000).
    public var extractionSteps: Int
    /// Adam steps of retraining at each target sparsity (for RTL each step visits every region).
    public var retrainingSteps: Int
    public var learningRate: Double
    /// `constant` (the paper, default) or `cosine`: within every training phase the rate falls from
    /// `learning_rate` to 0 along a half cosine, so the final weights are not an Adam oscillation.
    public var learningRateSchedule: LearningRateSchedule
    public var pruneWeights: Int?
    public var pruneFraction: Double?
    public var targetSparsities: [Double]
    public var seed: UInt64
    /// A stop rule judged after every pruning iteration (inr-rtl only), or nil.
    public var stopRule: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, method, images, resize, hidden, seed
        case labelEncoding = "label_encoding", maxRegions = "max_regions", fourierFeatures = "fourier_features"
        case fourierScale = "fourier_scale", embeddingDimension = "embedding_dim", extractionSteps = "extraction_steps"
        case retrainingSteps = "retraining_steps", learningRate = "learning_rate", learningRateSchedule = "learning_rate_schedule", pruneWeights = "prune_weights"
        case pruneFraction = "prune_fraction", targetSparsities = "target_sparsities", stopRule = "stop_rule"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        method = try c.decode(Method.self, forKey: .method)
        images = try c.decodeIfPresent([String].self, forKey: .images)
        labelEncoding = try c.decodeIfPresent(LabelEncoding.self, forKey: .labelEncoding) ?? .index
        resize = try c.decodeIfPresent(Int.self, forKey: .resize)
        maxRegions = try c.decodeIfPresent(Int.self, forKey: .maxRegions) ?? 16
        fourierFeatures = try c.decodeIfPresent(Int.self, forKey: .fourierFeatures) ?? 16
        fourierScale = try c.decodeIfPresent(Double.self, forKey: .fourierScale) ?? 10
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? 128
        embeddingDimension = try c.decodeIfPresent(Int.self, forKey: .embeddingDimension) ?? 16
        extractionSteps = try c.decode(Int.self, forKey: .extractionSteps)
        retrainingSteps = try c.decode(Int.self, forKey: .retrainingSteps)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        learningRateSchedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .learningRateSchedule) ?? .constant
        pruneWeights = try c.decodeIfPresent(Int.self, forKey: .pruneWeights)
        pruneFraction = try c.decodeIfPresent(Double.self, forKey: .pruneFraction)
        targetSparsities = try c.decode([Double].self, forKey: .targetSparsities)
        seed = try c.decode(UInt64.self, forKey: .seed)
        stopRule = try c.decodeIfPresent(String.self, forKey: .stopRule)
    }

    /// Every key a config may have.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Checks values a run cannot start with.
    public func validate(source: String) throws {
        func fail(_ m: String) -> LotteryError { .config("'\(source)': \(m)") }
        try schedule.validate(source: source)
        guard extractionSteps >= 1, retrainingSteps >= 1 else { throw fail("extraction_steps and retraining_steps must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw fail("learning_rate must be positive") }
        guard maxRegions >= 1 else { throw fail("max_regions must be at least 1") }
        if let r = resize, r < 2 { throw fail("resize must be at least 2") }
        guard fourierFeatures >= 0, fourierScale > 0, hidden >= 1, embeddingDimension >= 1 else {
            throw fail("fourier_features ≥ 0, fourier_scale > 0, hidden ≥ 1 and embedding_dim ≥ 1 are required")
        }
        if stopRule != nil, method == .imp { throw fail("stop_rule needs two or more subnetworks; inr-imp has one mask") }
        if let images, images.isEmpty { throw fail("images is empty (leave it out to train every image)") }
    }

    /// The configuration as canonical JSON (sorted keys): stored with the run and compared on resume.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    var schedule: PruningSchedule {
        PruningSchedule(weightsPerIteration: pruneWeights, fractionPerIteration: pruneFraction, targetSparsities: targetSparsities)
    }
}
