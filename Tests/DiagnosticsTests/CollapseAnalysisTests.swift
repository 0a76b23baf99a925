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
        let metrics: [(subnetwork: Int?, split: String, name: String, value: Double)] = accuracyDrop.map { drop in
            names.indices.map { k in (k, "validation", "balanced_accuracy", (s >= drop ? 0.55 : 0.8) + 0.003 * Double(k) - 0.002 * Double(s)) }
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
        // Lift: the same onset, measured against chance.
        let lift = try CollapseAnalysis.analyse(history: history, metrics: [], measure: .lift)
        #expect(lift.subnetworks.allSatisfy { $0.similarityOnset?.index == 5 })
        #expect(lift.subnetworks[0].lift[0]! < 1.3 && lift.subnetworks[0].lift[7]! > 1.5)
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
