import Foundation
import PruningCore

/// A speech-enhancement run (paper section 4.4, appendix D) read from JSON; docs/speech.md lists every
/// key. Unknown keys and impossible values are errors. Keys marked optional take the stated default.
public struct SpeechConfig: Sendable, Equatable, Codable, RunConfig {
    /// `speech-rtl` (one subnetwork per scene, Alg. 1 + Alg. 2), `speech-imp-single` (one mask for all
    /// scenes) or `speech-imp-multi` (one independent model per scene).
    public enum Method: String, Sendable, Codable, CaseIterable {
        case rtl = "speech-rtl", impSingle = "speech-imp-single", impMulti = "speech-imp-multi"
    }

    public var name: String?
    public var method: Method
    /// Scene labels to train, in subnetwork order (optional; default: every scene of the index, sorted).
    public var scenes: [String]?
    /// Every file is resampled to this rate (optional, default 16,000 Hz).
    public var sampleRate: Int
    /// Length of the training clips in seconds (optional; default: the shortest clean training clip).
    public var clipSeconds: Double?
    /// Fixed training mixtures per scene, made once from the seed (optional; default: one per clean clip).
    public var mixturesPerScene: Int?
    /// SNR range in dB for the training mixtures (optional; default: the index's `train.snr_db`).
    public var snrDB: [Double]?
    /// Epochs per subnetwork per pruning iteration (Alg. 1; paper: 10).
    public var extractionEpochs: Int
    /// Epochs of retraining at each target sparsity (Alg. 2 for RTL; paper: 10).
    public var retrainingEpochs: Int
    /// Mixtures per batch (for RTL's joint retraining: per scene batch).
    public var batchSize: Int
    /// Adam's learning rate, no weight decay (paper: 1e-4).
    public var learningRate: Double
    public var pruneWeights: Int?
    public var pruneFraction: Double?
    public var targetSparsities: [Double]
    public var seed: UInt64
    /// A stop rule judged after every pruning iteration (not for speech-imp-single), or nil.
    public var stopRule: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, method, scenes, seed
        case sampleRate = "sample_rate", clipSeconds = "clip_seconds", mixturesPerScene = "mixtures_per_scene"
        case snrDB = "snr_db", extractionEpochs = "extraction_epochs", retrainingEpochs = "retraining_epochs"
        case batchSize = "batch_size", learningRate = "learning_rate", pruneWeights = "prune_weights"
        case pruneFraction = "prune_fraction", targetSparsities = "target_sparsities", stopRule = "stop_rule"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        method = try c.decode(Method.self, forKey: .method)
        scenes = try c.decodeIfPresent([String].self, forKey: .scenes)
        sampleRate = try c.decodeIfPresent(Int.self, forKey: .sampleRate) ?? 16_000
        clipSeconds = try c.decodeIfPresent(Double.self, forKey: .clipSeconds)
        mixturesPerScene = try c.decodeIfPresent(Int.self, forKey: .mixturesPerScene)
        snrDB = try c.decodeIfPresent([Double].self, forKey: .snrDB)
        extractionEpochs = try c.decode(Int.self, forKey: .extractionEpochs)
        retrainingEpochs = try c.decode(Int.self, forKey: .retrainingEpochs)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
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
        guard extractionEpochs >= 1, retrainingEpochs >= 1 else { throw fail("extraction_epochs and retraining_epochs must be at least 1") }
        guard batchSize >= 1 else { throw fail("batch_size must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw fail("learning_rate must be positive") }
        guard sampleRate >= 1000, sampleRate <= 192_000 else { throw fail("sample_rate must be in 1000...192000") }
        if let s = clipSeconds, !(s > 0 && s.isFinite) { throw fail("clip_seconds must be positive") }
        if let m = mixturesPerScene, m < 1 { throw fail("mixtures_per_scene must be at least 1") }
        if let r = snrDB, r.count != 2 || !r[0].isFinite || !r[1].isFinite || r[0] > r[1] {
            throw fail("snr_db must be [low, high] with low ≤ high")
        }
        if let scenes {
            guard !scenes.isEmpty else { throw fail("scenes is empty (leave it out to train every scene)") }
            guard Set(scenes).count == scenes.count else { throw fail("scenes names a scene twice") }
            if method == .rtl, scenes.count < 2 { throw fail("speech-rtl needs two or more scenes") }
        }
        if stopRule != nil, method == .impSingle { throw fail("stop_rule needs two or more subnetworks; speech-imp-single has one mask") }
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
