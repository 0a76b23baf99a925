import MaskKit

/// Which similarity curve collapse detection and stop rules read.
public enum SimilarityMeasure: String, Sendable, Codable, CaseIterable {
    /// Mean Jaccard. Falls as masks get sparser whatever their structure; the detector therefore
    /// lets its smooth alternatives follow the chance level, so random masks do not fire.
    case raw
    /// Chance-corrected Jaccard, (J − J_chance) / (1 − J_chance): 1 for identical masks, 0 for
    /// the overlap independent random masks of the same densities have, bounded above by 1.
    case corrected
    /// J / J_chance (1 = chance overlap). Unbounded and density-biased: as masks thin, chance → 0
    /// and lift grows even for masks with no shared structure. Kept for comparison.
    case lift

    /// How the measure is named on axes and in sentences.
    public var label: String {
        switch self {
        case .raw: return "Mean Jaccard"
        case .corrected: return "Chance-corrected Jaccard"
        case .lift: return "Jaccard lift over chance"
        }
    }
}

extension SimilarityMatrix {
    /// Chance-corrected Jaccard of a pair: (J − E[J]) / (1 − E[J]) for independent random masks of the
    /// same numbers of kept weights; nil when chance is 1 (both masks full).
    public func correctedJaccard(_ i: Int, _ j: Int) -> Double? {
        let chance = chanceJaccard(i, j)
        guard chance < 1 else { return nil }
        return (jaccard(i, j) - chance) / (1 - chance)
    }

    /// The measure for subnetwork `i` against the others: mean raw or corrected Jaccard, or the
    /// mean Jaccard over the mean chance level (lift). Nil with fewer than two masks or undefined.
    public func value(_ measure: SimilarityMeasure, of i: Int) -> Double? {
        guard count > 1 else { return nil }
        let others = (0..<count).filter { $0 != i }
        switch measure {
        case .raw: return meanJaccard(to: i)
        case .corrected:
            let values = others.compactMap { correctedJaccard(i, $0) }
            return values.count == others.count ? values.reduce(0, +) / Double(values.count) : nil
        case .lift:
            let chance = others.map { chanceJaccard(i, $0) }.reduce(0, +)
            return chance > 0 ? others.map { jaccard(i, $0) }.reduce(0, +) / chance : nil
        }
    }

    /// The measure over all off-diagonal pairs: mean raw Jaccard, mean corrected Jaccard, or
    /// mean Jaccard over mean chance (lift).
    public func value(_ measure: SimilarityMeasure) -> Double? {
        guard count > 1 else { return nil }
        switch measure {
        case .raw: return meanOffDiagonal
        case .corrected:
            var sum = 0.0, pairs = 0
            for i in 0..<count { for j in (i + 1)..<count {
                guard let c = correctedJaccard(i, j) else { return nil }
                sum += c; pairs += 1
            } }
            return sum / Double(pairs)
        case .lift:
            guard let mean = meanOffDiagonal, let chance = meanChance, chance > 0 else { return nil }
            return mean / chance
        }
    }

    /// Mean chance-level Jaccard of subnetwork `i` to the others.
    public func meanChance(of i: Int) -> Double? {
        guard count > 1 else { return nil }
        let others = (0..<count).filter { $0 != i }
        return others.map { chanceJaccard(i, $0) }.reduce(0, +) / Double(others.count)
    }
}

/// A similarity curve over pruning steps, as the detector reads it: the measure of each step, the
/// sparsities, and — for raw Jaccard — the chance curve the smooth alternatives may follow.
public struct SimilarityCurve: Sendable {
    /// The steps of the curve (store indices); steps where the measure is undefined are left out.
    public let steps: [Int]
    /// The sparsity of each step.
    public let sparsity: [Double]
    /// The measure at each step.
    public let values: [Double]
    /// The chance level at each step (raw measure only).
    public let baseline: [Double]?

    /// The run-level curve (all off-diagonal pairs) of `measure` in `scope` (nil: global) over
    /// `steps`; steps where the measure is undefined are left out.
    public init(_ steps: [StepSimilarity], measure: SimilarityMeasure, scope: LayerGroup? = nil) {
        let points = steps.compactMap { s -> (Int, Double, Double, Double?)? in
            guard let m = s.matrix(scope), let v = m.value(measure) else { return nil }
            return (s.step, s.sparsity, v, m.meanChance)
        }
        self.init(points, measure: measure)
    }

    /// The curve of subnetwork `index` against the others.
    public init(_ steps: [StepSimilarity], measure: SimilarityMeasure, subnetwork index: Int) {
        let points = steps.compactMap { s -> (Int, Double, Double, Double?)? in
            guard let v = s.global.value(measure, of: index) else { return nil }
            return (s.step, s.sparsity, v, s.global.meanChance(of: index))
        }
        self.init(points, measure: measure)
    }

    private init(_ points: [(Int, Double, Double, Double?)], measure: SimilarityMeasure) {
        steps = points.map(\.0); sparsity = points.map(\.1); values = points.map(\.2)
        let chance = points.compactMap(\.3)
        baseline = measure == .raw && chance.count == points.count ? chance : nil
    }

    /// The detector's onset of this curve, its index counted in this curve's steps.
    public func onset(_ detector: OnsetDetector) -> Onset? {
        detector.detect(x: sparsity, y: values, baseline: baseline)
    }
}
