/// Generated pruning runs with known structure, for examples, demos and tests of the diagnostics.
///
/// Each element gets a shared score and one private score per subnetwork; at every step
/// subnetwork k ranks all weights of each tensor by `(1 − α)·private + α·shared` and keeps the
/// top `1 − sparsity` of them. While α is small the subnetworks choose different weights (low
/// Jaccard, near chance); from the collapse step on α is close to 1 and every subnetwork is
/// forced onto the same shared weights (a sharp rise of Jaccard). Masks are not nested across
/// steps, unlike iterative pruning; only their similarity structure is modelled.
public struct SyntheticRun: Sendable {
    /// Sparsity of each step (increasing, in [0, 1)).
    public var sparsities: [Double]
    /// Index of the first collapsed step, or nil for no collapse.
    public var collapseStep: Int?
    /// Weight of the shared score before / after collapse.
    public var sharedBefore: Double = 0.15
    public var sharedAfter: Double = 0.97

    public init(sparsities: [Double], collapseStep: Int?) {
        self.sparsities = sparsities; self.collapseStep = collapseStep
    }

    /// The masks of every step: `result[step][subnetwork]`.
    public func masks(layout: MaskLayout, subnetworks: Int, seed: UInt64) -> [[Mask]] {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let n = layout.wordCount * 64
        let shared = (0..<n).map { _ in uniform() }
        let own = (0..<subnetworks).map { _ in (0..<n).map { _ in uniform() } }
        return sparsities.enumerated().map { s, sparsity in
            let alpha = (collapseStep.map { s >= $0 } ?? false) ? sharedAfter : sharedBefore
            return (0..<subnetworks).map { k in
                var mask = Mask.empty(layout)
                for (ti, t) in layout.tensors.enumerated() {
                    let keep = Int((Double(t.count) * (1 - sparsity)).rounded())
                    let base = t.wordOffset * 64
                    let score = (0..<t.count).map { (1 - alpha) * own[k][base + $0] + alpha * shared[base + $0] }
                    for e in (0..<t.count).sorted(by: { score[$0] > score[$1] }).prefix(keep) { mask.setKept(true, tensor: ti, element: e) }
                }
                return mask
            }
        }
    }
}
