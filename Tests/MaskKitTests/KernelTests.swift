import CMaskKernels
import Testing
@testable import MaskKit

/// Every kernel this CPU can run, checked against naive bit-by-bit references on awkward sizes
/// (tails shorter than a vector, a carry-save round, a tile; odd and even mask counts; more pairs than
/// the AVX2 kernel keeps in one block, K = 11 and 13).
@Suite struct KernelTests {
    static let sizes = [1, 63, 64, 65, 255, 256, 257, 4 * 64 - 1, 16 * 256 + 3, 64 * 512 + 1, 64 * 1100 + 17, 300_001]

    private func naiveCount(_ a: Mask, _ b: Mask) -> Int {
        zip(a.words, b.words).reduce(0) { sum, w in
            var x = w.0 & w.1, n = 0
            while x != 0 { n += Int(x & 1); x >>= 1 }
            return sum + n
        }
    }

    @Test(arguments: MaskKernel.allCases, [1, 2, 3, 5, 8, 11, 13])
    func pairCountsMatchNaive(kernel: MaskKernel, k: Int) throws {
        guard kernel.isSupported else { return }
        for size in Self.sizes {
            let layout = try MaskLayout([.init(name: "w", shape: [size])])
            let masks = try (0..<k).map { try Mask.random(layout, density: [0.5, 0.13, 0.9, 0.37, 0.5][$0 % 5], seed: UInt64(size * 31 + $0)) }
            let m = try Jaccard.matrix(masks, threads: size > 100_000 ? 2 : 1, kernel: kernel)
            for i in 0..<k {
                for j in 0..<k { #expect(m.intersections[i][j] == naiveCount(masks[i], masks[j]), "\(kernel) size \(size) pair \(i),\(j)") }
                let p = masks[i].words.withUnsafeBufferPointer { kernel.popcount($0) }
                #expect(p == naiveCount(masks[i], masks[i]), "\(kernel) popcount size \(size)")
            }
        }
    }

    /// Per-tensor and group scopes read word ranges that start inside the masks and, with two threads,
    /// are cut into chunks that end inside a tensor.
    @Test func scopedCountsMatchNaive() throws {
        let layout = try MaskLayout([.init(name: "a.weight", shape: [70]), .init(name: "b.weight", shape: [64 * 600 + 5]),
                                     .init(name: "c.weight", shape: [130_001]), .init(name: "d.weight", shape: [3, 999])])
        let masks = try (0..<5).map { try Mask.random(layout, density: [0.5, 0.2, 0.8, 0.5, 0.6][$0], seed: UInt64(40 + $0)) }
        for kernel in MaskKernel.allCases where kernel.isSupported {
            for (t, tensor) in layout.tensors.enumerated() {
                let words = tensor.wordOffset..<(tensor.wordOffset + tensor.wordCount)
                let m = try Jaccard.matrix(masks, scope: .tensor(t), threads: 2, kernel: kernel)
                for i in 0..<5 {
                    for j in 0..<5 {
                        let naive = words.reduce(0) { $0 + (masks[i].words[$1] & masks[j].words[$1]).nonzeroBitCount }
                        #expect(m.intersections[i][j] == naive, "\(kernel) tensor \(tensor.name) pair \(i),\(j)")
                    }
                }
            }
        }
    }

    /// Threads get chunks in turn; together they cover every word of every range exactly once.
    @Test func dealingCoversEveryWordOnce() {
        let ranges = [0..<10, 20..<200_000, 200_000..<200_003, 300_000..<300_005]
        for threads in [1, 2, 3] {
            let pieces = Jaccard.deal(ranges, chunkWords: 1_024, threads: threads)
            #expect(pieces.count == threads)
            let covered = pieces.flatMap { $0 }.flatMap { Array($0) }.sorted()
            #expect(covered == ranges.flatMap { Array($0) })
            let sizes = pieces.map { $0.reduce(0) { $0 + $1.count } }
            #expect(sizes.max()! - sizes.min()! <= 1_024, "threads \(threads): \(sizes)")
        }
        #expect(Jaccard.deal(ranges, chunkWords: 1_024, threads: 1) == [[0..<10, 20..<200_003, 300_000..<300_005]])
    }

    @Test func allOnesNeverOverflowTheByteCounters() throws {
        for kernel in MaskKernel.allCases where kernel.isSupported {
            let layout = try MaskLayout([.init(name: "w", shape: [64 * 2000 + 5])])
            let full = Mask.full(layout)
            let m = try Jaccard.matrix([full, full, full], kernel: kernel)
            #expect(m.intersections.allSatisfy { $0.allSatisfy { $0 == layout.parameterCount } }, "\(kernel)")
        }
    }

    @Test(arguments: [0, 1, 2])
    func packingBytesMatchesNaive(level: Int32) {
        guard level <= ts_pack_level() else { return }
        var seed: UInt64 = 99
        for count in [1, 7, 8, 63, 64, 65, 127, 128, 1000, 4099] {
            let bytes = (0..<count).map { _ -> UInt8 in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return seed >> 60 < 7 ? 0 : UInt8(truncatingIfNeeded: seed >> 33) | 1
            }
            var words = [UInt64](repeating: 0xDEAD, count: (count + 63) / 64)
            var expected = [UInt64](repeating: 0, count: (count + 63) / 64)
            for (j, b) in bytes.enumerated() where b != 0 { expected[j / 64] |= 1 << UInt64(j % 64) }
            let firstBad = bytes.firstIndex { $0 > 1 }.map(Int64.init) ?? -1
            #expect(ts_pack_bytes_with(level, bytes, count, &words, 0) == -1)
            #expect(words == expected, "level \(level) count \(count)")
            #expect(ts_pack_bytes_with(level, bytes, count, &words, 1) == firstBad, "level \(level) count \(count)")
            let binary = bytes.map { $0 == 0 ? UInt8(0) : 1 }
            #expect(ts_pack_bytes_with(level, binary, count, &words, 1) == -1)
        }
    }
}

/// The 16-bit float packer at every level against a scalar reading of the bits.
@Suite struct HalfPackingTests {
    @Test(arguments: [0, 1, 2])
    func matchesScalarClassification(level: Int32) {
        guard level <= ts_pack_level() else { return }
        var seed: UInt64 = 5
        for (infinity, one) in [(UInt16(0x7C00), UInt16(0x3C00)), (0x7F80, 0x3F80)] {
            for count in [1, 31, 64, 65, 200, 1031] {
                let special: [UInt16] = [0, 0x8000, one, one | 0x8000, infinity, infinity | 0x8000, 1, 0x7FFF & (infinity - 1)]
                let halves = (0..<count).map { _ -> UInt16 in
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    let r = UInt16(truncatingIfNeeded: seed >> 40)
                    return seed >> 62 == 0 ? special[Int(seed >> 33) % special.count] : (r & 0x7FFF > infinity ? r & 0x8000 : r)
                }
                var expected = [UInt64](repeating: 0, count: (count + 63) / 64)
                for (j, h) in halves.enumerated() where h & 0x7FFF != 0 { expected[j / 64] |= 1 << UInt64(j % 64) }
                var words = [UInt64](repeating: 0xBEEF, count: expected.count)
                #expect(ts_pack_halves_with(level, halves, count, &words, infinity, one, 0) == 0)
                #expect(words == expected, "level \(level) count \(count)")
                let notBinary = halves.contains { $0 & 0x7FFF != 0 && $0 != one }
                #expect((ts_pack_halves_with(level, halves, count, &words, infinity, one, 1) != 0) == notBinary)
                for position in [0, count / 2, count - 1] {
                    var withNaN = halves
                    withNaN[position] = infinity | 0x8001
                    #expect(ts_pack_halves_with(level, withNaN, count, &words, infinity, one, 0) != 0, "NaN at \(position), level \(level)")
                }
            }
        }
    }
}
