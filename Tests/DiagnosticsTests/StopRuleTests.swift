import Testing
@testable import Diagnostics
import MaskKit

@Suite struct StopRuleTests {
    @Test func parsesTheGrammar() throws {
        #expect(try StopRule("mean-jaccard>0.6").clauses == [.threshold(measure: .meanJaccard, scope: nil, op: .greater, value: 0.6)])
        #expect(try StopRule("mean-jaccard@deep<=0.2").clauses == [.threshold(measure: .meanJaccard, scope: .deep, op: .lessOrEqual, value: 0.2)])
        #expect(try StopRule(" onset , max-jaccard >= 0.9 ").clauses == [.onset(scope: nil), .threshold(measure: .maxJaccard, scope: nil, op: .greaterOrEqual, value: 0.9)])
        #expect(try StopRule("onset@shallow").clauses == [.onset(scope: .shallow)])
        #expect(try StopRule("mean-lift@global>2").clauses == [.threshold(measure: .meanLift, scope: nil, op: .greater, value: 2)])
        #expect(try StopRule("mean-jaccard@deep<0.2,onset").description == "mean-jaccard@deep<0.2,onset")
    }

    @Test(arguments: ["", "mean-jaccard", "mean-jaccard>", "mean-jaccard>x", "jaccard>0.5", "onset>0.5",
                      "mean-jaccard@top>0.5", "mean-jaccard>>0.5", "mean-jaccard>0.5,", "onset@", "mean-jaccard>nan"])
    func malformedRulesShowTheGrammar(text: String) {
        do {
            _ = try StopRule(text)
            Issue.record("'\(text)' parsed")
        } catch let e as DiagnosticsError {
            #expect("\(e)".contains("malformed stop rule"))
            #expect("\(e)".contains("measure := mean-jaccard | max-jaccard | mean-lift"))
        } catch { Issue.record("unexpected \(error)") }
    }

    /// Steps of a generated run with a planted collapse at step 5.
    func steps() throws -> [StepSimilarity] {
        let layout = try MaskLayout((0..<6).map { .init(name: "l\($0)", shape: [400]) })
        let sparsities = [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9]
        let run = SyntheticRun(sparsities: sparsities, collapseStep: 5).masks(layout: layout, subnetworks: 4, seed: 3)
        return try run.enumerated().map { i, masks in
            var g: [LayerGroup: SimilarityMatrix] = [:]
            for grp in LayerGroup.allCases { g[grp] = try Jaccard.matrix(masks, scope: .group(grp)) }
            return StepSimilarity(step: i, sparsity: sparsities[i], phase: "imported", global: try Jaccard.matrix(masks), groups: g)
        }
    }

    @Test func evaluatesOnTheLatestStep() throws {
        let all = try steps()
        let rule = try StopRule("mean-jaccard>0.8")
        // Before the collapse the rule holds back; after it, it fires at the latest step with its value.
        for n in 1...5 { #expect(rule.evaluate(Array(all.prefix(n))) == nil) }
        let f = try #require(rule.evaluate(Array(all.prefix(6))))
        #expect(f.step == 5)
        #expect(abs(f.value - all[5].global.meanOffDiagonal!) < 1e-15)
        #expect(f.summary.hasPrefix("stop: mean-jaccard>0.8 fired at step 5"))
        let onset = try StopRule("onset")
        #expect(onset.evaluate(Array(all.prefix(5))) == nil)
        #expect(onset.evaluate(Array(all.prefix(7)))?.step == 5)
        #expect(try StopRule("mean-jaccard@deep<0.01").evaluate(all) == nil)
        #expect(try StopRule("mean-jaccard@deep<0.01,max-jaccard>0.5").evaluate(all)?.clause == .threshold(measure: .maxJaccard, scope: nil, op: .greater, value: 0.5))
        #expect(try StopRule("mean-lift>1.5").evaluate(all) != nil)
        #expect(try StopRule("mean-lift>1.5").evaluate(Array(all.prefix(3))) == nil)
    }
}
