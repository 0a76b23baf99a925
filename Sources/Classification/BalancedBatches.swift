import NN

/// Mini-batches for a one-vs-rest subnetwork: half positives (its subset), half negatives drawn
/// from the other subsets, shuffled together (paper A.2: balanced mini-batches).
struct BalancedBatches {
    /// Image indices and binary targets of each batch.
    let batches: [(indices: [Int], targets: [Float])]

    /// One epoch: every positive once, in `batchSize / 2`-sized groups (the last may be smaller),
    /// each with as many negatives sampled without replacement (with replacement once they run out).
    init(positives: [Int], negatives: [Int], batchSize: Int, generator: inout SeededGenerator) {
        var pos = positives, neg = negatives
        generator.shuffle(&pos)
        generator.shuffle(&neg)
        let half = max(1, batchSize / 2)
        var out: [(indices: [Int], targets: [Float])] = []
        var n = 0
        for start in stride(from: 0, to: pos.count, by: half) {
            let p = Array(pos[start..<min(start + half, pos.count)])
            var pairs = p.map { ($0, Float(1)) }
            for _ in p.indices {
                if neg.isEmpty { break }
                if n == neg.count { generator.shuffle(&neg); n = 0 }
                pairs.append((neg[n], 0)); n += 1
            }
            generator.shuffle(&pairs)
            out.append((pairs.map(\.0), pairs.map(\.1)))
        }
        batches = out
    }
}
