import MaskKit
import RunStore
import Statistics
import WordNet

/// Spearman correlation of WordNet similarity and mask similarity over one set of pairs.
public struct Alignment: Sendable, Codable, Equatable {
    /// Spearman's rho; nil when undefined (see `note`).
    public let spearman: Double?
    /// Two-sided p-value (t-distribution with n − 2 degrees of freedom, as SciPy).
    public let pValue: Double?
    /// Mean mask Jaccard over the pairs.
    public let meanJaccard: Double
    /// Number of pairs.
    public let n: Int
    /// Why the correlation is undefined, when it is.
    public let note: String?

    /// Correlates paired values; undefined correlations (constant input, too few pairs) give a note, never NaN.
    init(wordnet: [Double], jaccard: [Double]) {
        n = jaccard.count
        meanJaccard = jaccard.isEmpty ? 0 : jaccard.reduce(0, +) / Double(jaccard.count)
        do {
            let c = try Statistics.spearman(wordnet, jaccard)
            spearman = c.coefficient; pValue = c.pValue; note = nil
        } catch let e as StatisticsError {
            spearman = nil; pValue = nil
            switch e {
            case .constantInput(let v): note = v == "x" ? "undefined: WordNet similarity is constant" : "undefined: mask similarity is constant"
            case .tooFewObservations(let c, let m): note = "undefined: \(c) pairs, need \(m)"
            default: note = "undefined: \(e)"
            }
        } catch {
            spearman = nil; pValue = nil; note = "undefined: \(error)"
        }
    }
}

/// Alignment at one step in every scope (`global`, `shallow`, `middle`, `deep`).
public struct StepAlignment: Sendable, Codable {
    public let step: Int
    public let sparsity: Double
    public let groups: [String: Alignment]
}

/// One class's alignment: its row of the WordNet matrix against its row of the Jaccard matrix
/// (itself excluded), at every step and in every scope.
public struct ClassAlignment: Sendable, Codable {
    public let name: String
    public let synset: String
    /// `steps[s][scope]`, aligned with ``SemanticReport/steps``.
    public let steps: [[String: Alignment]]
}

/// Mean correlation over the early, middle and late thirds of the steps, per scope.
public struct StageAlignment: Sendable, Codable {
    public let stage: String
    public let steps: [Int]
    /// Mean Spearman per scope over the stage's steps where it is defined (nil if none is).
    public let meanSpearman: [String: Double?]
}

/// Semantic alignment of a run (paper section 5.5, Fig. 3; appendix E.3).
public struct SemanticReport: Sendable, Codable {
    public let run: String
    public let subnetworks: [String]
    public let synsets: [String]
    /// WordNet path similarity, K×K.
    public let wordnet: [[Double]]
    public let steps: [StepAlignment]
    public let perClass: [ClassAlignment]
    /// Why per-class correlations are missing, when they are.
    public let perClassNote: String?
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
        let pairs = (0..<k).flatMap { i in ((i + 1)..<k).map { (i, $0) } }
        let wnPairs = pairs.map { wn.values[$0.0][$0.1] }

        func matrices(_ s: StepSimilarity) -> [(String, MaskKit.SimilarityMatrix)] {
            scopes.compactMap { name in
                let m = name == "global" ? s.global : s.groups[LayerGroup(rawValue: name)!]
                return m.map { (name, $0) }
            }
        }
        let steps = history.steps.map { s in
            StepAlignment(step: s.step, sparsity: s.sparsity, groups: Dictionary(uniqueKeysWithValues: matrices(s).map { name, m in
                (name, Alignment(wordnet: wnPairs, jaccard: pairs.map { m.jaccard($0.0, $0.1) }))
            }))
        }
        var perClass: [ClassAlignment] = []
        var perClassNote: String?
        if k >= 4 {
            perClass = (0..<k).map { c in
                let others = (0..<k).filter { $0 != c }
                return ClassAlignment(name: history.subnetworks[c].name, synset: wn.synsets[c].name, steps: history.steps.map { s in
                    Dictionary(uniqueKeysWithValues: matrices(s).map { name, m in
                        (name, Alignment(wordnet: others.map { wn.values[c][$0] }, jaccard: others.map { m.jaccard(c, $0) }))
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
