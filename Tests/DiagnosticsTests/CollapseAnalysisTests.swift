import Foundation
import Testing
@testable import Diagnostics
import MaskKit
import RunStore

func scratchStore() throws -> RunStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-diag-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try RunStore(path: dir.appendingPathComponent("db.sqlite").path, mode: .write)
}

let sparsities = [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9]

/// A run with a planted collapse at step 5; accuracy (if given) drops at `accuracyDrop`.
func plantedRun(_ store: RunStore, names: [String], collapse: Int?, accuracyDrop: Int?, name: String = "r") throws -> RunInfo {
    let layout = try MaskLayout((0..<6).map { .init(name: "l\($0)", shape: [20, 20]) })
    let masks = SyntheticRun(sparsities: sparsities, collapseStep: collapse).masks(layout: layout, subnetworks: names.count, seed: 11)
    let run = try store.createRun(NewRun(name: name, method: "rtl"), layout: layout,
                                  subnetworks: names.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
    for (s, m) in masks.enumerated() {
        let metrics: [(subnetwork: Int?, split: Split, name: MetricName, value: Double)] = accuracyDrop.map { drop in
            names.indices.map { k in (k, .validation, .balancedAccuracy, (s >= drop ? 0.55 : 0.8) + 0.003 * Double(k) - 0.002 * Double(s)) }
        } ?? []
        try store.appendStep(StepWrite(phase: .extract, targetSparsity: sparsities[s], masks: m, metrics: metrics), to: run)
    }
    return run
}

@Suite struct CollapseAnalysisTests {
    @Test func similarityLeadsAccuracy() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["a", "b", "c", "d"], collapse: 5, accuracyDrop: 6)
        let history = try SimilarityHistory(store: store, run: run)
        let rep = try CollapseAnalysis.analyse(history: history, metrics: try store.metrics(of: run))
        #expect(rep.accuracySplit == "validation")
        for s in rep.subnetworks {
            #expect(s.similarityOnset?.index == 5)
            #expect(s.similarityOnset?.direction == .rise)
            #expect(s.accuracyOnset?.index == 6)
            #expect(abs((s.lead ?? 0) - (sparsities[6] - sparsities[5])) < 1e-12)
        }
        #expect(rep.runSimilarityOnset?.x == sparsities[5])
        #expect(rep.runAccuracyOnset?.x == sparsities[6])
        #expect(CollapseSummary.sentences(rep).contains("Similarity moved before accuracy in 4"))
        // Chance-corrected: the same onset, measured against chance; near 0 before the collapse.
        let corrected = try CollapseAnalysis.analyse(history: history, metrics: [], measure: .corrected)
        #expect(corrected.subnetworks.allSatisfy { $0.similarityOnset?.index == 5 })
        #expect(abs(corrected.subnetworks[0].corrected[0]!) < 0.1 && corrected.subnetworks[0].corrected[7]! > 0.5)
        #expect(corrected.subnetworks[0].analysed == corrected.subnetworks[0].corrected)
        // Lift grows as masks thin: from about 1 to far above it.
        #expect(rep.subnetworks[0].lift[0]! < 1.3 && rep.subnetworks[0].lift[7]! > 1.5)
    }

    @Test func noCollapseNoOnsetAndMissingAccuracyIsUnavailable() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["a", "b", "c"], collapse: nil, accuracyDrop: nil)
        let rep = try CollapseAnalysis.analyse(history: try SimilarityHistory(store: store, run: run), metrics: try store.metrics(of: run))
        #expect(rep.accuracySplit == nil)
        #expect(rep.runSimilarityOnset == nil)
        #expect(rep.subnetworks.allSatisfy { $0.similarityOnset == nil && $0.accuracyOnset == nil && $0.lead == nil })
        #expect(rep.subnetworks.allSatisfy { $0.accuracy.allSatisfy { $0 == nil } })
        #expect(CollapseSummary.sentences(rep).contains("No quality metric"))
        // Raw Jaccard near chance falls with density on its own — the detector must not call that collapse.
        #expect(rep.runSimilarity.first! > rep.runSimilarity.last!)
    }

    @Test func oneSubnetworkIsAClearError() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["only"], collapse: nil, accuracyDrop: nil)
        #expect(throws: DiagnosticsError.tooFewSubnetworks(run: "r", count: 1, needed: 2, what: "collapse analysis (similarity between subnetworks)")) {
            try CollapseAnalysis.analyse(history: try SimilarityHistory(store: store, run: run), metrics: [])
        }
    }
}

@Suite struct MeasureTests {
    /// Chance-corrected Jaccard and lift against an independent NumPy computation
    /// (scripts/fixtures/make_measure_fixture.py writes the same masks and these values).
    @Test func correctedAndLiftMatchNumPy() throws {
        let url = Bundle.module.url(forResource: "measures", withExtension: "json", subdirectory: "Fixtures")!
        struct Fixture: Decodable {
            let size: Int, masks: [[Int]]
            let jaccard: [[Double]], chance: [[Double]], corrected: [[Double]]
            let corrected_mean: Double, lift_mean: Double, corrected_of: [Double], lift_of: [Double]
        }
        let f = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let layout = try MaskLayout([.init(name: "w", shape: [f.size])])
        let masks = f.masks.map { kept -> Mask in
            var m = Mask.empty(layout)
            for e in kept { m.setKept(true, tensor: 0, element: e) }
            return m
        }
        let s = try Jaccard.matrix(masks)
        for i in masks.indices { for j in masks.indices where i != j {
            #expect(abs(s.jaccard(i, j) - f.jaccard[i][j]) < 1e-12)
            #expect(abs(s.chanceJaccard(i, j) - f.chance[i][j]) < 1e-12)
            #expect(abs(s.correctedJaccard(i, j)! - f.corrected[i][j]) < 1e-12)
        } }
        #expect(abs(s.value(.corrected)! - f.corrected_mean) < 1e-12)
        #expect(abs(s.value(.lift)! - f.lift_mean) < 1e-12)
        for i in masks.indices {
            #expect(abs(s.value(.corrected, of: i)! - f.corrected_of[i]) < 1e-12)
            #expect(abs(s.value(.lift, of: i)! - f.lift_of[i]) < 1e-12)
        }
    }

    @Test func correctedIsZeroAtChanceAndOneForIdenticalMasks() throws {
        let layout = try MaskLayout([.init(name: "w", shape: [64])])
        var a = Mask.empty(layout)
        for e in 0..<32 { a.setKept(true, tensor: 0, element: e) }
        let same = try Jaccard.matrix([a, a])
        #expect(same.correctedJaccard(0, 1) == 1)
        // Full masks: chance is 1 and the corrected value is undefined, not NaN.
        let full = try Jaccard.matrix([Mask.full(layout), Mask.full(layout)])
        #expect(full.correctedJaccard(0, 1) == nil && full.value(.corrected) == nil)
    }
}

@Suite struct BacktestTests {
    /// A hand-computed run: planted similarity collapse at step 5, accuracy drop at step 6
    /// (plantedRun above). The run-level accuracy onset is step 6, so the oracle keeps step 5.
    @Test func fieldsOnAHandComputedRun() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["a", "b", "c", "d"], collapse: 5, accuracyDrop: 6)
        let history = try SimilarityHistory(store: store, run: run)
        let collapse = try CollapseAnalysis.analyse(history: history, metrics: try store.metrics(of: run))
        #expect(collapse.runAccuracyOnset?.index == 6)
        let rules = [try StopRule("mean-jaccard>0.8"), try StopRule("mean-jaccard<0"), try StopRule("max-jaccard>0")]
        let r = try BacktestReport.replay(history: history, collapse: collapse, rules: rules)
        // mean-jaccard>0.8 first holds at step 5 (the collapse): kept step 4, one step before the oracle (5).
        let expectedFirst = try #require(history.steps.firstIndex { $0.global.meanOffDiagonal! > 0.8 })
        #expect(r[0].firedStep == expectedFirst && r[0].keptStep == expectedFirst - 1)
        #expect(r[0].oracleStep == 5 && r[0].oracleSparsity == sparsities[5])
        #expect(r[0].iterationsSaved == 7 - expectedFirst)
        #expect(r[0].stepsPastOracle == expectedFirst - 1 - 5)
        #expect(r[0].keptQuality == collapse.runAccuracy[expectedFirst - 1])
        #expect(r[0].oracleQuality == collapse.runAccuracy[5])
        // Never fires: keeps the last step, saves nothing, is 2 steps past the oracle.
        #expect(r[1].firedStep == nil && r[1].keptStep == 7 && r[1].iterationsSaved == 0 && r[1].stepsPastOracle == 2)
        // Fires at the first step: nothing to keep.
        #expect(r[2].firedStep == 0 && r[2].keptStep == nil && r[2].keptQuality == nil && r[2].iterationsSaved == 7)
        let summary = BacktestSummary.summarise([r, r])
        #expect(summary.map(\.rule) == ["mean-jaccard>0.8", "mean-jaccard<0.0", "max-jaccard>0.0"])
        #expect(summary[1].fired == 0 && summary[1].inTime == 0 && summary[0].runs == 2)
    }

    @Test func aRunWithoutQualityIsAClearError() throws {
        let store = try scratchStore()
        let run = try plantedRun(store, names: ["a", "b"], collapse: 5, accuracyDrop: nil)
        let history = try SimilarityHistory(store: store, run: run)
        let collapse = try CollapseAnalysis.analyse(history: history, metrics: [])
        #expect(throws: DiagnosticsError.noQualityMetric(run: "r", what: "a backtest")) {
            try BacktestReport.replay(history: history, collapse: collapse, rules: [try StopRule("onset")])
        }
    }
}
