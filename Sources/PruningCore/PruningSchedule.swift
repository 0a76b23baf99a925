/// How many weights each pruning iteration removes, and where it stops.
public struct PruningSchedule: Sendable, Equatable, Codable {
    /// Weights removed per iteration (the paper removes 4,096), or nil to use `fractionPerIteration`.
    public var weightsPerIteration: Int?
    /// Fraction of the still-kept weights removed per iteration (classic IMP uses 0.2).
    public var fractionPerIteration: Double?
    /// Sparsities at which joint retraining is run and results reported (paper: 0.25, 0.5, 0.75).
    public var targetSparsities: [Double]

    /// A schedule; ``validate(source:)`` checks it.
    public init(weightsPerIteration: Int?, fractionPerIteration: Double?, targetSparsities: [Double]) {
        self.weightsPerIteration = weightsPerIteration; self.fractionPerIteration = fractionPerIteration
        self.targetSparsities = targetSparsities
    }

    /// Number of weights to remove next, given the prunable total and how many are kept, never
    /// overshooting the next target sparsity (so every target is hit exactly).
    public func nextRemoval(total: Int, kept: Int) -> Int {
        let pruned = total - kept
        guard let next = targetSparsities.sorted().first(where: { Int(($0 * Double(total)).rounded()) > pruned }) else { return 0 }
        let goal = Int((next * Double(total)).rounded())
        let step = weightsPerIteration ?? max(1, Int((Double(kept) * (fractionPerIteration ?? 0.2)).rounded()))
        return min(step, goal - pruned)
    }

    /// How many pruning iterations take a full mask of `total` weights to the last target.
    public func iterationCount(total: Int) -> Int {
        var kept = total, count = 0
        while case let removal = nextRemoval(total: total, kept: kept), removal > 0 { kept -= removal; count += 1 }
        return count
    }

    /// The target sparsity reached when `kept` weights of `total` remain, if any.
    public func reachedTarget(total: Int, kept: Int) -> Double? {
        targetSparsities.first { Int(($0 * Double(total)).rounded()) == total - kept }
    }
}
