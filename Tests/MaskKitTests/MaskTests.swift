import Testing
@testable import MaskKit

@Suite struct MaskTests {
    @Test func layoutPlacesTensorsOnWordBoundaries() throws {
        let l = try MaskLayout([.init(name: "a", shape: [3, 3]), .init(name: "b", shape: [64]), .init(name: "c", shape: [])])
        #expect(l.tensors.map(\.wordOffset) == [0, 1, 2])
        #expect(l.tensors.map(\.count) == [9, 64, 1])
        #expect(l.wordCount == 3)
        #expect(l.parameterCount == 74)
    }

    @Test func layoutErrors() {
        #expect(throws: MaskError.emptyLayout) { try MaskLayout([]) }
        #expect(throws: MaskError.duplicateTensor("a")) { try MaskLayout([.init(name: "a", shape: [1]), .init(name: "a", shape: [2])]) }
        #expect(throws: MaskError.invalidShape("a", [-1])) { try MaskLayout([.init(name: "a", shape: [-1])]) }
        #expect(throws: MaskError.invalidShape("a", [Int.max, 4])) { try MaskLayout([.init(name: "a", shape: [Int.max, 4])]) }
    }

    @Test func groupsAreDepthThirdsUnlessGiven() throws {
        let l = try MaskLayout((0..<9).map { .init(name: "l\($0)", shape: [1], depth: 8 - $0) })
        // Depth reverses the list: the last entries are the shallowest.
        #expect(l.groups == [.deep, .deep, .deep, .middle, .middle, .middle, .shallow, .shallow, .shallow])
        let l2 = try MaskLayout([.init(name: "a", shape: [1], group: .deep), .init(name: "b", shape: [1]), .init(name: "c", shape: [1])])
        #expect(l2.groups == [.deep, .middle, .deep])
        let one = try MaskLayout([.init(name: "a", shape: [1])])
        #expect(one.groups == [.shallow])
        #expect(throws: MaskError.emptyGroup(.deep)) { try Jaccard.matrix([Mask.full(one)], scope: .group(.deep)) }
    }

    @Test func setAlgebraAndCounts() throws {
        let l = try MaskLayout([.init(name: "a", shape: [70]), .init(name: "b", shape: [5])])
        var x = Mask.empty(l), y = Mask.empty(l)
        for e in [0, 1, 64, 69] { x.setKept(true, tensor: 0, element: e) }
        for e in [1, 2, 69] { y.setKept(true, tensor: 0, element: e) }
        y.setKept(true, tensor: 1, element: 4)
        #expect(x.popcount == 4 && y.popcount == 4)
        #expect(try x.intersection(y).popcount == 2)
        #expect(try x.union(y).popcount == 6)
        #expect(try x.subtracting(y).popcount == 2)
        #expect(try Mask.unionCount([x, y]) == 6)
        #expect(y.popcount(tensor: 1) == 1)
        #expect(abs(x.density - 4.0 / 75.0) < 1e-15)
        #expect(Mask.full(l).popcount == 75)
    }

    @Test func paddingBitsAndWordCountsAreChecked() throws {
        let l = try MaskLayout([.init(name: "a", shape: [3])])
        #expect(throws: MaskError.paddingBitsSet(tensor: "a")) { try Mask(layout: l, words: [0b1000]) }
        #expect(throws: MaskError.wordCountMismatch(expected: 1, got: 2)) { try Mask(layout: l, words: [0, 0]) }
        #expect(try Mask(layout: l, words: [0b111]) == Mask.full(l))
    }

    @Test func randomIsReproducible() throws {
        let l = try MaskLayout([.init(name: "a", shape: [1000])])
        #expect(try Mask.random(l, density: 0.3, seed: 5) == Mask.random(l, density: 0.3, seed: 5))
        #expect(try Mask.random(l, density: 0.3, seed: 5) != Mask.random(l, density: 0.3, seed: 6))
        #expect(throws: MaskError.invalidDensity(1.5)) { try Mask.random(l, density: 1.5, seed: 0) }
    }
}
