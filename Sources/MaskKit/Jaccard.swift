import CMaskKernels
import Dispatch

/// Which part of the masks a similarity is computed over.
public enum SimilarityScope: Sendable, Equatable, CustomStringConvertible {
    /// All prunable tensors.
    case global
    /// One tensor, by layout index.
    case tensor(Int)
    /// The tensors of a depth group.
    case group(LayerGroup)

    public var description: String {
        switch self {
        case .global: return "global"
        case .tensor(let i): return "layer:\(i)"
        case .group(let g): return "group:\(g.rawValue)"
        }
    }
}

/// The K×K pair counts and Jaccard similarities of a set of masks over one scope.
public struct SimilarityMatrix: Sendable, Equatable {
    /// `intersections[i][j]` = |m_i ∩ m_j| within the scope; the diagonal holds |m_i|.
    public let intersections: [[Int]]
    /// Number of parameters in the scope.
    public let parameterCount: Int

    /// Number of masks.
    public var count: Int { intersections.count }
    /// |m_i| within the scope.
    public var ones: [Int] { (0..<count).map { intersections[$0][$0] } }

    /// Jaccard |m_i ∩ m_j| / |m_i ∪ m_j|. Two empty masks are identical sets, so their Jaccard is 1.
    public func jaccard(_ i: Int, _ j: Int) -> Double {
        let inter = intersections[i][j]
        let union = intersections[i][i] + intersections[j][j] - inter
        return union == 0 ? 1 : Double(inter) / Double(union)
    }

    /// The full K×K Jaccard matrix (diagonal 1).
    public var jaccard: [[Double]] { (0..<count).map { i in (0..<count).map { j in jaccard(i, j) } } }

    /// Mean Jaccard of mask `i` to every other mask (nil when there is only one mask).
    public func meanJaccard(to i: Int) -> Double? {
        guard count > 1 else { return nil }
        return (0..<count).filter { $0 != i }.map { jaccard(i, $0) }.reduce(0, +) / Double(count - 1)
    }

    /// Mean of the off-diagonal Jaccard values (nil when there is only one mask).
    public var meanOffDiagonal: Double? {
        guard count > 1 else { return nil }
        var sum = 0.0
        for i in 0..<count { for j in (i + 1)..<count { sum += jaccard(i, j) } }
        return sum / Double(count * (count - 1) / 2)
    }

    /// Expected Jaccard of two independent random masks over `parameterCount` elements that keep
    /// the same numbers of weights as masks `i` and `j`: E|A∩B| = a·b/n, so J ≈ ab / (n(a+b) − ab).
    public func chanceJaccard(_ i: Int, _ j: Int) -> Double {
        Jaccard.expectedRandom(onesA: intersections[i][i], onesB: intersections[j][j], total: parameterCount)
    }
}

/// All-pairs Jaccard similarity of packed masks.
public enum Jaccard {
    /// Name of the popcount kernel used on this CPU.
    public static var kernelName: String { MaskKernel.best.label }

    /// Expected Jaccard of independent random masks with `onesA` and `onesB` kept out of `total`
    /// (1 when both are empty, matching ``SimilarityMatrix/jaccard(_:_:)``).
    public static func expectedRandom(onesA: Int, onesB: Int, total: Int) -> Double {
        guard total > 0 else { return 1 }
        let a = Double(onesA), b = Double(onesB), n = Double(total)
        let inter = a * b / n
        let union = a + b - inter
        return union == 0 ? 1 : inter / union
    }

    /// Jaccard of two masks over a scope.
    public static func pair(_ a: Mask, _ b: Mask, scope: SimilarityScope = .global) throws -> Double {
        try matrix([a, b], scope: scope).jaccard(0, 1)
    }

    /// The K×K matrix over a scope. Each word of each mask is read from memory once per tile,
    /// and all pairs are counted from cache. The word range is split across `threads` threads
    /// when given; by default across the active cores, once there are at least 32,768 words per core.
    /// `kernel` (default: the fastest this CPU has) must be supported by the CPU.
    public static func matrix(_ masks: [Mask], scope: SimilarityScope = .global, threads: Int? = nil,
                              kernel: MaskKernel = .best) throws -> SimilarityMatrix {
        precondition(kernel.isSupported, "kernel \(kernel.rawValue) is not supported on this CPU")
        guard let layout = masks.first?.layout else { throw MaskError.notEnoughMasks(0) }
        guard masks.allSatisfy({ $0.layout == layout }) else { throw MaskError.layoutMismatch }
        let tensors: [Int]
        switch scope {
        case .global: tensors = Array(layout.tensors.indices)
        case .tensor(let i):
            guard layout.tensors.indices.contains(i) else { throw MaskError.unknownTensor("#\(i)") }
            tensors = [i]
        case .group(let g):
            tensors = layout.tensorIndices(in: g)
            guard !tensors.isEmpty else { throw MaskError.emptyGroup(g) }
        }
        // Tensors are contiguous word runs; merge neighbours into as few ranges as possible.
        var ranges: [Range<Int>] = []
        for i in tensors {
            let t = layout.tensors[i]
            let r = t.wordOffset..<(t.wordOffset + t.wordCount)
            if let last = ranges.last, last.upperBound == r.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound..<r.upperBound
            } else { ranges.append(r) }
        }
        let params = tensors.reduce(0) { $0 + layout.tensors[$1].count }
        let counts = pairCounts(masks, ranges: ranges, threads: threads, kernel: kernel)
        let k = masks.count
        var inter = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for i in 0..<k { for j in i..<k { inter[i][j] = Int(counts[i * k + j]); inter[j][i] = inter[i][j] } }
        return SimilarityMatrix(intersections: inter, parameterCount: params)
    }

    /// The most words per chunk when the ranges are dealt to threads: 512 KiB of each mask.
    static let maxChunkWords = 65_536

    /// Upper-triangular pair counts (row-major K×K) over word ranges. The concatenated ranges are cut into
    /// chunks (at most `maxChunkWords`, at least four per thread, a multiple of 64 words) dealt to the threads
    /// in turn, so that the threads stream neighbouring memory (contiguous halves were slower with two
    /// threads; docs/architecture.md).
    private static func pairCounts(_ masks: [Mask], ranges: [Range<Int>], threads: Int?, kernel: MaskKernel) -> [UInt64] {
        let k = masks.count
        let totalWords = ranges.reduce(0) { $0 + $1.count }
        let nThreads = max(1, min(threads ?? ProcessInfoCores.active, threads == nil ? totalWords >> 15 : totalWords))
        let quarter = (totalWords + 4 * nThreads - 1) / (4 * nThreads)  // four chunks per thread
        let chunk = min(maxChunkWords, max(64, (quarter + 63) / 64 * 64))
        let pieces = deal(ranges, chunkWords: chunk, threads: nThreads)
        var partial = [[UInt64]](repeating: [UInt64](repeating: 0, count: k * k), count: nThreads)
        withPointers(masks) { ptrs in
            partial.withUnsafeMutableBufferPointer { out in
                let outBase = out.baseAddress!
                DispatchQueue.concurrentPerform(iterations: nThreads) { t in
                    var local = [UInt64](repeating: 0, count: k * k)
                    local.withUnsafeMutableBufferPointer { lp in
                        for r in pieces[t] { ts_pair_counts_with(kernel.cValue, ptrs, k, r.lowerBound, r.upperBound, lp.baseAddress) }
                    }
                    (outBase + t).pointee = local
                }
            }
        }
        var total = [UInt64](repeating: 0, count: k * k)
        for p in partial { for i in 0..<(k * k) { total[i] += p[i] } }
        return total
    }

    /// Cuts the concatenated ranges into chunks of `chunkWords` words and deals them to `threads` pieces in
    /// turn (chunk c goes to piece c % threads); a chunk may span the end of one range and the start of the next.
    static func deal(_ ranges: [Range<Int>], chunkWords: Int, threads: Int) -> [[Range<Int>]] {
        var pieces: [[Range<Int>]] = Array(repeating: [], count: threads)
        var chunk = 0, filled = 0
        for r in ranges {
            var start = r.lowerBound
            while start < r.upperBound {
                let take = min(r.upperBound - start, chunkWords - filled)
                let piece = chunk % threads
                if let last = pieces[piece].last, last.upperBound == start {
                    pieces[piece][pieces[piece].count - 1] = last.lowerBound..<(start + take)
                } else { pieces[piece].append(start..<(start + take)) }
                start += take; filled += take
                if filled == chunkWords { chunk += 1; filled = 0 }
            }
        }
        return pieces
    }

    /// Calls `body` with an array of base pointers to each mask's words.
    private static func withPointers<R>(_ masks: [Mask], _ body: (UnsafePointer<UnsafePointer<UInt64>?>) -> R) -> R {
        var bases: [UnsafePointer<UInt64>?] = []
        func recurse(_ i: Int) -> R {
            if i == masks.count { return bases.withUnsafeBufferPointer { body($0.baseAddress!) } }
            return masks[i].words.withUnsafeBufferPointer { buf in
                bases.append(buf.baseAddress)
                return recurse(i + 1)
            }
        }
        return recurse(0)
    }
}
