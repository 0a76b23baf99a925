import Foundation
import Testing
@testable import Diagnostics
import MaskKit
import RunStore
import Statistics
import WordNet

@Suite struct SemanticAlignmentTests {
    /// Masks built so that the Jaccard of two classes grows with their WordNet similarity: each
    /// class keeps a block of weights shared in proportion to that similarity.
    @Test func masksThatFollowWordNetCorrelatePerfectly() throws {
        let wn = try WordNetDatabase()
        let names = ["cat", "dog", "horse", "truck", "airplane"]
        let sim = try wn.similarityMatrix(words: names).values
        let n = 2000
        let layout = try MaskLayout([.init(name: "a", shape: [n]), .init(name: "b", shape: [n]), .init(name: "c", shape: [n])])
        // Class i keeps element e when a per-element score is within a window around its position on a line;
        // classes are placed on the line by a 1-D embedding of WordNet similarity (animals close, vehicles far).
        let position: [Double] = [0, 0.05, 0.3, 1.6, 1.9]
        let masks = position.map { p -> Mask in
            var m = Mask.empty(layout)
            for t in 0..<3 { for e in 0..<n where abs(Double(e) / Double(n) * 4 - p) < 1 { m.setKept(true, tensor: t, element: e) } }
            return m
        }
        let store = try scratchStore()
        let run = try store.createRun(NewRun(name: "s", method: "rtl"), layout: layout,
                                      subnetworks: names.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
        try store.appendStep(StepWrite(phase: .extract, masks: masks), to: run)
        let rep = try SemanticAlignment.analyse(history: try SimilarityHistory(store: store, run: run), wordnet: wn)
        let g = try #require(rep.steps[0].groups["global"])
        // Independent check: Spearman of the upper triangles computed here.
        let pairs = (0..<5).flatMap { i in ((i + 1)..<5).map { (i, $0) } }
        let jac = try Jaccard.matrix(masks)
        let expected = try Statistics.spearman(pairs.map { sim[$0.0][$0.1] }, pairs.map { jac.jaccard($0.0, $0.1) })
        #expect(g.spearman == expected.coefficient)
        // The p-value is the exact one-sided Mantel p over all 5! relabellings, not the t-distribution one.
        var generator = SplitMix64(seed: 1)
        let mantel = try Statistics.mantel(sim, jac.jaccard, using: &generator)
        #expect(g.pValue == mantel.pValue && g.exact == true && g.permutations == 120)
        #expect(g.pValue! >= 1.0 / 120)
        #expect(rep.perClass[0].steps[0]["global"]?.exact == true && rep.perClass[0].steps[0]["global"]?.permutations == 24)
        #expect(g.spearman! > 0.8)
        #expect(rep.synsets == ["cat.n.01", "dog.n.01", "horse.n.01", "truck.n.01", "airplane.n.01"])
        #expect(rep.perClass.count == 5 && rep.perClass[0].steps[0]["global"]?.n == 4)
        #expect(rep.stages.map(\.stage) == ["early", "middle", "late"])
    }

    @Test func constantSimilarityIsUndefinedNotNaN() throws {
        let layout = try MaskLayout([.init(name: "a", shape: [100]), .init(name: "b", shape: [100]), .init(name: "c", shape: [100])])
        let store = try scratchStore()
        let run = try store.createRun(NewRun(name: "s", method: "rtl"), layout: layout,
                                      subnetworks: ["cat", "dog", "ship"].enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
        try store.appendStep(StepWrite(phase: .extract, masks: Array(repeating: Mask.full(layout), count: 3)), to: run)
        let rep = try SemanticAlignment.analyse(history: try SimilarityHistory(store: store, run: run), wordnet: try WordNetDatabase())
        let g = try #require(rep.steps[0].groups["global"])
        #expect(g.spearman == nil && g.pValue == nil)
        #expect(g.note == "undefined: mask similarity is constant")
        #expect(g.meanJaccard == 1)
        #expect(rep.perClass.isEmpty && rep.perClassNote != nil)
    }

    @Test func tooFewSubnetworksAndUnknownNamesAreClearErrors() throws {
        let store = try scratchStore()
        let layout = try MaskLayout([.init(name: "a", shape: [10])])
        let two = try store.createRun(NewRun(name: "two", method: "rtl"), layout: layout,
                                      subnetworks: [SubnetworkInfo(index: 0, name: "cat"), SubnetworkInfo(index: 1, name: "dog")])
        try store.appendStep(StepWrite(phase: .extract, masks: [Mask.full(layout), Mask.full(layout)]), to: two)
        #expect(throws: DiagnosticsError.self) { try SemanticAlignment.analyse(history: try SimilarityHistory(store: store, run: two), wordnet: try WordNetDatabase()) }
        let odd = try store.createRun(NewRun(name: "odd", method: "rtl"), layout: layout,
                                      subnetworks: ["cat", "dog", "qwxzzy"].enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
        try store.appendStep(StepWrite(phase: .extract, masks: Array(repeating: Mask.full(layout), count: 3)), to: odd)
        #expect(throws: WordNetError.noNounSense(word: "qwxzzy")) {
            try SemanticAlignment.analyse(history: try SimilarityHistory(store: store, run: odd), wordnet: try WordNetDatabase())
        }
    }
}
