import Testing
@testable import MaskKit

/// Naive reference: masks as Bool arrays.
private func naiveJaccard(_ a: [Bool], _ b: [Bool]) -> Double {
    var inter = 0, union = 0
    for (x, y) in zip(a, b) {
        if x && y { inter += 1 }
        if x || y { union += 1 }
    }
    return union == 0 ? 1 : Double(inter) / Double(union)
}

private func bools(_ m: Mask, tensor: Int) -> [Bool] {
    (0..<m.layout.tensors[tensor].count).map { m.isKept(tensor: tensor, element: $0) }
}

private func allBools(_ m: Mask) -> [Bool] {
    m.layout.tensors.indices.flatMap { bools(m, tensor: $0) }
}

@Suite struct JaccardTests {
    @Test(arguments: [1, 63, 64, 65, 100_007])
    func matchesNaiveOnAwkwardSizes(size: Int) throws {
        let layout = try MaskLayout([.init(name: "w", shape: [size])])
        let densities = [0.5, 0.1, 0.9, 0.3, 0.5, 0.7]
        let masks = try densities.enumerated().map { try Mask.random(layout, density: $0.element, seed: UInt64($0.offset + 7)) }
        let m = try Jaccard.matrix(masks)
        let b = masks.map(allBools)
        for i in masks.indices {
            #expect(m.ones[i] == b[i].filter { $0 }.count)
            for j in masks.indices {
                #expect(abs(m.jaccard(i, j) - naiveJaccard(b[i], b[j])) < 1e-15)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 8, 9, 13])
    func everyMaskCountAndThreadCountAgrees(k: Int) throws {
        // Several tensors of awkward sizes, and enough words that the work is split across threads.
        let layout = try MaskLayout([
            .init(name: "a", shape: [3, 5, 7]), .init(name: "b", shape: [64 * 100 + 3]),
            .init(name: "c", shape: [65]), .init(name: "d", shape: [64 * 700 + 1]),
        ])
        let masks = try (0..<k).map { try Mask.random(layout, density: 0.5, seed: UInt64(100 + $0)) }
        let one = try Jaccard.matrix(masks, threads: 1)
        let two = try Jaccard.matrix(masks, threads: 2)
        let three = try Jaccard.matrix(masks, threads: 3)
        let auto = try Jaccard.matrix(masks)
        #expect(one == auto)
        #expect(one == two)
        #expect(one == three)
        let b = masks.map(allBools)
        for i in 0..<k { for j in 0..<k { #expect(abs(one.jaccard(i, j) - naiveJaccard(b[i], b[j])) < 1e-15) } }
    }

    @Test func perLayerAndGroupMatchNaive() throws {
        let entries = (0..<7).map { MaskLayout.Entry(name: "l\($0)", shape: [10 + 37 * $0]) }
        let layout = try MaskLayout(entries)
        let masks = try (0..<4).map { try Mask.random(layout, density: 0.2 + 0.15 * Double($0), seed: UInt64($0)) }
        for t in layout.tensors.indices {
            let m = try Jaccard.matrix(masks, scope: .tensor(t))
            #expect(m.parameterCount == layout.tensors[t].count)
            for i in 0..<4 { for j in 0..<4 {
                #expect(abs(m.jaccard(i, j) - naiveJaccard(bools(masks[i], tensor: t), bools(masks[j], tensor: t))) < 1e-15)
            } }
        }
        for g in LayerGroup.allCases {
            let idx = layout.tensorIndices(in: g)
            let m = try Jaccard.matrix(masks, scope: .group(g))
            for i in 0..<4 { for j in 0..<4 {
                let a = idx.flatMap { bools(masks[i], tensor: $0) }, b = idx.flatMap { bools(masks[j], tensor: $0) }
                #expect(abs(m.jaccard(i, j) - naiveJaccard(a, b)) < 1e-15)
            } }
        }
    }

    @Test func emptyMasksAreIdenticalSets() throws {
        let layout = try MaskLayout([.init(name: "w", shape: [100])])
        let e = Mask.empty(layout), f = Mask.full(layout)
        #expect(try Jaccard.pair(e, e) == 1)
        #expect(try Jaccard.pair(e, f) == 0)
        #expect(try Jaccard.pair(f, f) == 1)
    }

    @Test func chanceJaccardMatchesRandomMasks() throws {
        let layout = try MaskLayout([.init(name: "w", shape: [400_000])])
        for d in [0.9, 0.5, 0.2, 0.05] {
            let a = try Mask.random(layout, density: d, seed: 1), b = try Mask.random(layout, density: d, seed: 2)
            let m = try Jaccard.matrix([a, b])
            #expect(abs(m.jaccard(0, 1) - m.chanceJaccard(0, 1)) < 0.01)
            #expect(abs(m.chanceJaccard(0, 1) - d / (2 - d)) < 0.01)
        }
    }

    @Test func rejectsMixedLayoutsAndEmptyInput() throws {
        let a = try MaskLayout([.init(name: "w", shape: [10])]), b = try MaskLayout([.init(name: "v", shape: [10])])
        #expect(throws: MaskError.layoutMismatch) { try Jaccard.matrix([Mask.full(a), Mask.full(b)]) }
        #expect(throws: MaskError.notEnoughMasks(0)) { try Jaccard.matrix([]) }
    }
}
