import MaskKit
import RunStore

/// Mask similarity of a run at one step, globally and per depth group.
public struct StepSimilarity: Sendable {
    /// The step (store index).
    public let step: Int
    /// The step's sparsity.
    public let sparsity: Double
    /// The step's phase (`extract`, `retrain`, `final`, `imported`).
    public let phase: String
    /// Pair counts over all prunable weights.
    public let global: SimilarityMatrix
    /// Pair counts per depth group (groups without layers are absent).
    public let groups: [LayerGroup: SimilarityMatrix]

    /// The matrix of a scope: nil means global.
    public func matrix(_ group: LayerGroup?) -> SimilarityMatrix? {
        group.map { groups[$0] } ?? global
    }
}

/// The similarity of every step of a run, computed once from the store.
public struct SimilarityHistory: Sendable {
    /// The run.
    public let run: RunInfo
    /// Its subnetworks, in run order.
    public let subnetworks: [SubnetworkInfo]
    /// Steps in order.
    public let steps: [StepSimilarity]

    /// Loads every step of `run` (or only steps of the given phases, when any exist).
    public init(store: RunStore, run: RunInfo, phases: Set<String>? = nil) throws {
        self.run = run
        subnetworks = try store.subnetworks(of: run)
        let layout = try store.layout(of: run)
        let present = LayerGroup.allCases.filter { !layout.tensorIndices(in: $0).isEmpty }
        var infos = try store.steps(of: run)
        if let phases, infos.contains(where: { phases.contains($0.phase) }) { infos = infos.filter { phases.contains($0.phase) } }
        steps = try infos.map { info in
            let masks = try store.masks(of: run, step: info.index)
            var groups: [LayerGroup: SimilarityMatrix] = [:]
            for g in present { groups[g] = try Jaccard.matrix(masks, scope: .group(g)) }
            return StepSimilarity(step: info.index, sparsity: info.sparsity, phase: info.phase,
                                  global: try Jaccard.matrix(masks), groups: groups)
        }
    }

    /// The history of the first `count` steps: what was known when step `count − 1` was stored.
    public func prefix(_ count: Int) -> SimilarityHistory {
        SimilarityHistory(run: run, subnetworks: subnetworks, steps: Array(steps.prefix(count)))
    }

    private init(run: RunInfo, subnetworks: [SubnetworkInfo], steps: [StepSimilarity]) {
        self.run = run; self.subnetworks = subnetworks; self.steps = steps
    }

    /// Pruning steps: `extract` and `imported` phases when any exist (retraining steps repeat sparsities).
    public static let pruningPhases: Set<String> = StepPhase.pruning
}

extension SimilarityMatrix {
    /// Mean chance-level Jaccard over off-diagonal pairs.
    public var meanChance: Double? {
        guard count > 1 else { return nil }
        var s = 0.0
        for i in 0..<count { for j in (i + 1)..<count { s += chanceJaccard(i, j) } }
        return s / Double(count * (count - 1) / 2)
    }

    /// Largest off-diagonal Jaccard.
    public var maxOffDiagonal: Double? {
        guard count > 1 else { return nil }
        var m = -Double.infinity
        for i in 0..<count { for j in (i + 1)..<count { m = max(m, jaccard(i, j)) } }
        return m
    }
}
