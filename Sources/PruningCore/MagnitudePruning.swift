import MaskKit

/// Global magnitude pruning across the prunable tensors (paper Alg. 1): removes the `count`
/// lowest-magnitude weights among those the mask still keeps. Ties are broken by position
/// (earlier tensor, earlier element first) so the result is deterministic.
public enum MagnitudePruning {
    /// The mask after pruning; `weights[t]` are tensor t's values in layout order.
    public static func prune(_ mask: Mask, weights: [[Float]], count: Int) -> Mask {
        let layout = mask.layout
        precondition(weights.count == layout.tensors.count, "one weight array per tensor")
        var kept: [(magnitude: Float, tensor: Int, element: Int)] = []
        kept.reserveCapacity(mask.popcount)
        for (t, tl) in layout.tensors.enumerated() {
            precondition(weights[t].count == tl.count, "weights of '\(tl.name)' have the wrong size")
            for e in 0..<tl.count where mask.isKept(tensor: t, element: e) { kept.append((abs(weights[t][e]), t, e)) }
        }
        let n = min(max(count, 0), kept.count)
        guard n > 0 else { return mask }
        kept.sort { ($0.magnitude, $0.tensor, $0.element) < ($1.magnitude, $1.tensor, $1.element) }
        var out = mask
        for w in kept.prefix(n) { out.setKept(false, tensor: w.tensor, element: w.element) }
        return out
    }
}
