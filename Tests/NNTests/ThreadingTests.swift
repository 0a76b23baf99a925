import Dispatch
import NN
import Testing

@Suite("Threading")
struct ThreadingTests {
    /// Sums 0..<count in chunks, each chunk writing only its own slot.
    private func chunkedSum(_ count: Int) -> Int {
        var partial = [Int](repeating: 0, count: Threading.chunkCount(for: count))
        partial.withUnsafeMutableBufferPointer { slots in
            Threading.forEachChunk(of: count) { chunk, range in slots[chunk] = range.reduce(0, +) }
        }
        return partial.reduce(0, +)
    }

    @Test("chunks cover the range exactly once, for any thread count", arguments: [1, 2, 3, 8])
    func coverage(threads: Int) {
        Threading.withThreadCount(threads) {
            for count in [1, 2, 5, 17, 320] {
                #expect(chunkedSum(count) == count * (count - 1) / 2)
                let ranges = (0..<Threading.chunkCount(for: count)).map {
                    Threading.chunkRange($0, of: Threading.chunkCount(for: count), count: count)
                }
                #expect(ranges.map(\.count).reduce(0, +) == count && ranges.first?.lowerBound == 0)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            }
        }
    }

    @Test("regions started from many threads at once, and nested regions, all complete correctly")
    func concurrentAndNested() {
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            var total = 0
            for _ in 0..<50 { total += chunkedSum(100 + i) }
            // A region inside a region runs on the calling thread.
            var nested = [Int](repeating: 0, count: Threading.chunkCount(for: 4))
            nested.withUnsafeMutableBufferPointer { slots in
                Threading.forEachChunk(of: 4) { chunk, _ in slots[chunk] = chunkedSum(10) }
            }
            results[i] = total / 50 + nested.reduce(0, +) - 45 * nested.count
        }
        for i in 0..<16 { #expect(results[i] == (100 + i) * (99 + i) / 2) }
    }
}
