import Testing
@testable import Diagnostics
import MaskKit

@Suite struct StopRuleTests {
    @Test func parsesTheGrammar() throws {
        #expect(try StopRule("mean-jaccard>0.6").clauses == [.threshold(measure: .meanJaccard, scope: nil, op: .greater, value: 0.6)])
        #expect(try StopRule("mean-jaccard@deep<=0.2").clauses == [.threshold(measure: .meanJaccard, scope: .deep, op: .lessOrEqual, value: 0.2)])
        #expect(try StopRule(" onset , max-jaccard >= 0.9 ").clauses == [.onset(scope: nil), .threshold(measure: .maxJaccard, scope: nil, op: .greaterOrEqual, value: 0.9)])
        #expect(try StopRule("onset@shallow").clauses == [.onset(scope: .shallow)])
        #expect(try StopRule("onset-corrected@deep").clauses == [.onset(scope: .deep, measure: .corrected)])
        #expect(try StopRule("onset-corrected@deep,onset").description == "onset-corrected@deep,onset")
        #expect(try StopRule("mean-lift@global>2").clauses == [.threshold(measure: .meanLift, scope: nil, op: .greater, value: 2)])
        #expect(try StopRule("mean-jaccard@deep<0.2,onset").description == "mean-jaccard@deep<0.2,onset")
    }

    @Test(arguments: ["", "mean-jaccard", "mean-jaccard>", "mean-jaccard>x", "jaccard>0.5", "onset>0.5",
                      "mean-jaccard@top>0.5", "mean-jaccard>>0.5", "mean-jaccard>0.5,", "onset@", "mean-jaccard>nan",
                      "onset-cosine", "onset-corrected>0.5"])
    func malformedRulesShowTheGrammar(text: String) {
        do {
            _ = try StopRule(text)
            Issue.record("'\(text)' parsed")
        } catch let e as DiagnosticsError {
            #expect("\(e)".contains("malformed stop rule"))
            #expect("\(e)".contains("measure := mean-jaccard | max-jaccard | mean-corrected | mean-lift"))
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

    @Test func judgesTheLatestStep() throws {
        let all = try steps()
        let rule = try StopRule("mean-jaccard>0.8")
        // Before the collapse the rule holds back; after it, it fires at the latest step with its value.
        for n in 1...5 { #expect(rule.judge(Array(all.prefix(n)))?.firing == nil) }
        let j = try #require(rule.judge(Array(all.prefix(6))))
        let f = try #require(j.firing)
        #expect(j.step == 5)
        #expect(abs(f.value! - all[5].global.meanOffDiagonal!) < 1e-15)
        #expect(j.summary.hasPrefix("stop: mean-jaccard>0.8 fired at step 5"))
        #expect(j.summary.contains("mean-jaccard = "))
        let onset = try StopRule("onset")
        #expect(onset.judge(Array(all.prefix(5)))?.firing == nil)
        let fired = try #require(onset.judge(Array(all.prefix(7))))
        #expect(fired.firing?.onset?.x == all[5].sparsity)
        #expect(fired.step == 6)
        #expect(try StopRule("mean-jaccard@deep<0.01").judge(all)?.firing == nil)
        #expect(try StopRule("mean-jaccard@deep<0.01,max-jaccard>0.5").judge(all)?.firing?.clause == .threshold(measure: .maxJaccard, scope: nil, op: .greater, value: 0.5))
        #expect(try StopRule("mean-corrected>0.5").judge(all)?.firing != nil)
        #expect(try StopRule("mean-corrected>0.5").judge(Array(all.prefix(3)))?.firing == nil)
    }

    /// Every line and value name the rule's own measure: a lift rule reports lift, not mean Jaccard.
    @Test func reportsTheRulesOwnMeasure() throws {
        let all = try steps()
        let lift = try #require(try StopRule("mean-lift>100").judge(all))
        #expect(lift.reported.measureName == "mean-lift")
        #expect(lift.reported.value == all.last!.global.value(.lift))
        #expect(lift.summary.contains("mean-lift = "))
        var onset = try StopRule("onset@deep")
        onset.onsetMeasure = .corrected
        let j = try #require(onset.judge(all))
        #expect(j.reported.measureName == "mean-corrected@deep")
        #expect(j.reported.value == all.last!.groups[.deep]!.value(.corrected))
        // The curve named in the rule wins over onsetMeasure.
        var named = try StopRule("onset-lift@deep")
        named.onsetMeasure = .corrected
        #expect(try #require(named.judge(all)).reported.measureName == "mean-lift@deep")
    }

    /// Online = offline: `onset` on any prefix of steps fires exactly when `collapse` on that prefix finds a run-level onset.
    @Test func onlineEqualsOfflineOnEveryPrefix() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["a", "b", "c", "d"], collapse: 5, accuracyDrop: 6)
        let history = try SimilarityHistory(store: store, run: run)
        for measure in SimilarityMeasure.allCases {
            var rule = try StopRule("onset")
            rule.onsetMeasure = measure
            for t in 1...history.steps.count {
                let prefix = Array(history.steps.prefix(t))
                let offline = try CollapseAnalysis.analyse(history: history.prefix(t), metrics: [], measure: measure).runSimilarityOnset
                let online = try #require(rule.judge(prefix)).firing?.onset
                #expect(online?.x == offline?.x, "measure \(measure), \(t) steps")
                #expect((online != nil) == (offline != nil))
            }
        }
    }
}
