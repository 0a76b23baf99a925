import MaskKit
import RunStore
import Statistics
import WordNet

/// Spearman correlation of WordNet similarity and mask similarity, with a permutation p-value.
public struct Alignment: Sendable, Codable, Equatable {
    /// Spearman's rho; nil when undefined (see `note`).
    public let spearman: Double?
    /// One-sided (ρ > 0) permutation p-value: the Mantel test for a whole matrix (subnetwork labels
    /// permuted), a permutation test of the K − 1 paired values for one class.
    public let pValue: Double?
    /// Permutations behind `pValue`: all of them when `exact`, else the Monte-Carlo count.
    public let permutations: Int?
    /// Whether `pValue` enumerated every permutation (nil when undefined).
    public let exact: Bool?
    /// Mean mask Jaccard over the pairs.
    public let meanJaccard: Double
    /// Number of pairs (matrix) or of other classes (per class).
    public let n: Int
    /// Why the correlation is undefined, when it is.
    public let note: String?

    /// Seed of the Monte-Carlo permutations: the same store gives the same p-values.
    public static let permutationSeed: UInt64 = 0x4D61_6E74_656C
    /// Monte-Carlo permutations when exact enumeration (k! ≤ 50,000) is out of reach.
    public static let permutationCount = 9_999

    /// Mantel test of a K×K WordNet matrix against a K×K Jaccard matrix.
    init(wordnet: [[Double]], jaccard: [[Double]]) {
        let k = jaccard.count
        let pairs = (0..<k).flatMap { i in ((i + 1)..<k).map { jaccard[i][$0] } }
        var generator = SplitMix64(seed: Self.permutationSeed)
        self.init(n: pairs.count, jaccard: pairs) { try Statistics.mantel(wordnet, jaccard, permutations: Self.permutationCount, using: &generator) }
    }

    /// Permutation test of one class's row of WordNet similarities against its row of Jaccards.
    init(wordnetRow: [Double], jaccardRow: [Double]) {
        var generator = SplitMix64(seed: Self.permutationSeed)
        self.init(n: jaccardRow.count, jaccard: jaccardRow) {
            try Statistics.spearmanPermutationTest(wordnetRow, jaccardRow, permutations: Self.permutationCount, using: &generator)
        }
    }

    /// Runs a test; undefined correlations (constant input, too few pairs) give a note, never NaN.
    private init(n: Int, jaccard: [Double], test: () throws -> PermutationResult) {
        self.n = n
        meanJaccard = jaccard.isEmpty ? 0 : jaccard.reduce(0, +) / Double(jaccard.count)
        do {
            let r = try test()
            spearman = r.coefficient; pValue = r.pValue; permutations = r.permutations; exact = r.exact; note = nil
        } catch {
            spearman = nil; pValue = nil; permutations = nil; exact = nil
            switch error as? StatisticsError {
            case .constantInput(let v)?: note = v == "x" ? "undefined: WordNet similarity is constant" : "undefined: mask similarity is constant"
            case .tooFewObservations(let c, let m)?: note = "undefined: \(c) pairs, need \(m)"
            default: note = "undefined: \(error)"
            }
        }
    }
}

/// Alignment at one step in every scope (`global`, `shallow`, `middle`, `deep`).
public struct StepAlignment: Sendable, Codable {
    /// The step (store index).
    public let step: Int
    /// The step's sparsity.
    public let sparsity: Double
    /// The alignment per scope (`global`, `shallow`, `middle`, `deep`); scopes without layers are absent.
    public let groups: [String: Alignment]
}

/// One class's alignment: its row of the WordNet matrix against its row of the Jaccard matrix
/// (itself excluded), at every step and in every scope.
public struct ClassAlignment: Sendable, Codable {
    /// The class (subnetwork) name.
    public let name: String
    /// Its WordNet synset, as NLTK names it.
    public let synset: String
    /// `steps[s][scope]`, aligned with ``SemanticReport/steps``.
    public let steps: [[String: Alignment]]
}

/// Mean correlation over the early, middle and late thirds of the steps, per scope.
public struct StageAlignment: Sendable, Codable {
    /// `early`, `middle` or `late`.
    public let stage: String
    /// The steps of the stage (store indices).
    public let steps: [Int]
    /// Mean Spearman per scope over the stage's steps where it is defined (nil if none is).
    public let meanSpearman: [String: Double?]
}

/// Semantic alignment of a run (paper section 5.5, Fig. 3; appendix E.3).
public struct SemanticReport: Sendable, Codable {
    /// The run's name.
    public let run: String
    /// Subnetwork names, in run order.
    public let subnetworks: [String]
    /// Each subnetwork's synset, as NLTK names it.
    public let synsets: [String]
    /// WordNet path similarity, K×K.
    public let wordnet: [[Double]]
    /// The alignment at every pruning step.
    public let steps: [StepAlignment]
    /// Per-class alignment (empty with fewer than 4 subnetworks; see `perClassNote`).
    public let perClass: [ClassAlignment]
    /// Why per-class correlations are missing, when they are.
    public let perClassNote: String?
    /// Mean correlation per stage of pruning.
    public let stages: [StageAlignment]
}

/// Computes semantic alignment from a similarity history and WordNet.
public enum SemanticAlignment {
    /// Scope names in report order.
    public static let scopes = ["global"] + LayerGroup.allCases.map(\.rawValue)

    /// Resolves each subnetwork to a synset (its stored synset, else `overrides`, `preset`, or the
    /// first noun sense of its name) and correlates WordNet and mask similarity at every step.
    public static func analyse(history: SimilarityHistory, wordnet db: WordNetDatabase, preset: WordNetPreset? = nil,
                               overrides: SynsetOverrides? = nil) throws -> SemanticReport {
        let k = history.subnetworks.count
        guard k >= 3 else {
            throw DiagnosticsError.tooFewSubnetworks(run: history.run.name, count: k, needed: 3, what: "semantic alignment (3 pairs for a rank correlation)")
        }
        guard !history.steps.isEmpty else { throw DiagnosticsError.noSteps(run: history.run.name) }
        let words = history.subnetworks.map { $0.synset ?? $0.name }
        let wn = try db.similarityMatrix(words: words, preset: preset, overrides: overrides)

        func matrices(_ s: StepSimilarity) -> [(String, MaskKit.SimilarityMatrix)] {
            scopes.compactMap { name in
                let m = name == "global" ? s.global : s.groups[LayerGroup(rawValue: name)!]
                return m.map { (name, $0) }
            }
        }
        let steps = history.steps.map { s in
            StepAlignment(step: s.step, sparsity: s.sparsity, groups: Dictionary(uniqueKeysWithValues: matrices(s).map { name, m in
                (name, Alignment(wordnet: wn.values, jaccard: m.jaccard))
            }))
        }
        var perClass: [ClassAlignment] = []
        var perClassNote: String?
        if k >= 4 {
            perClass = (0..<k).map { c in
                let others = (0..<k).filter { $0 != c }
                return ClassAlignment(name: history.subnetworks[c].name, synset: wn.synsets[c].name, steps: history.steps.map { s in
                    Dictionary(uniqueKeysWithValues: matrices(s).map { name, m in
                        (name, Alignment(wordnetRow: others.map { wn.values[c][$0] }, jaccardRow: others.map { m.jaccard(c, $0) }))
                    })
                })
            }
        } else {
            perClassNote = "per-class correlations need at least 4 subnetworks (3 others per class); the run has \(k)"
        }
        return SemanticReport(run: history.run.name, subnetworks: history.subnetworks.map(\.name), synsets: wn.synsets.map(\.name),
                              wordnet: wn.values, steps: steps, perClass: perClass, perClassNote: perClassNote, stages: stages(steps))
    }

    /// Early / middle / late thirds of the steps (earlier thirds take the remainder: 8 steps → 3, 3, 2).
    static func stages(_ steps: [StepAlignment]) -> [StageAlignment] {
        let n = steps.count
        let cut = [0, (n + 2) / 3, (2 * n + 2) / 3, n]
        return ["early", "middle", "late"].enumerated().map { i, name in
            let part = Array(steps[cut[i]..<cut[i + 1]])
            var means: [String: Double?] = [:]
            for scope in scopes {
                let values = part.compactMap { $0.groups[scope]?.spearman }
                means[scope] = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            return StageAlignment(stage: name, steps: part.map(\.step), meanSpearman: means)
        }
    }
}
