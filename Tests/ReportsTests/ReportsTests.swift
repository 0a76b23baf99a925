import Foundation
import Testing
import MaskKit
import RunStore
import WordNet
@testable import Reports

private func scratch() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-rep-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private let sparsities = [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9]

/// A run with a planted collapse at step 5 and (optionally) validation and test metrics.
@discardableResult
private func plantedRun(_ store: RunStore, name: String, method: String = "rtl", metrics: Bool = true,
                        layout: MaskLayout? = nil, targets: [Double?]? = nil) throws -> RunInfo {
    let layout = try layout ?? MaskLayout((0..<6).map { .init(name: "l\($0)", shape: [12, 12]) })
    let names = ["cat", "dog", "truck", "ship"]
    let steps = SyntheticRun(sparsities: sparsities, collapseStep: 5).masks(layout: layout, subnetworks: names.count, seed: 4)
    let run = try store.createRun(NewRun(name: name, method: method, configJSON: #"{"seed":4}"#), layout: layout,
                                  subnetworks: names.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
    for (s, masks) in steps.enumerated() {
        var m: [(subnetwork: Int?, split: Split, name: MetricName, value: Double)] = []
        if metrics {
            for k in names.indices {
                let acc = s >= 6 ? 0.55 : 0.8 - 0.002 * Double(s)
                m += [(k, .validation, .balancedAccuracy, acc), (k, .test, .balancedAccuracy, acc - 0.01 * Double(k)),
                      (k, .test, .precision, 0.3), (k, .test, .recall, 0.7 + 0.01 * Double(k))]
            }
        }
        try store.appendStep(StepWrite(phase: .extract, targetSparsity: targets?[s] ?? sparsities[s], masks: masks, metrics: m), to: run)
    }
    return run
}

@Suite struct ReportsTests {
    @Test func collapseReportIsCompleteAndByteIdentical() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let run = try plantedRun(store, name: "planted")
        let files = try CollapseReportWriter.write(store: store, run: run, to: dir + "/a", toolVersion: "test")
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["README.md", "collapse.png"])
        let md = try String(contentsOfFile: dir + "/a/README.md", encoding: .utf8)
        #expect(md.hasPrefix("# Collapse report: planted"))
        #expect(md.contains("| cat | 0.74"))
        #expect(md.contains("![Per-subnetwork accuracy and mask similarity against sparsity](collapse.png)"))
        #expect(md.contains("## Provenance") && md.contains("TicketScope test") && md.contains(#"{"seed":4}"#))
        #expect(!md.contains("NaN") && !md.contains(" nan") && !md.contains("inf"))
        try CollapseReportWriter.write(store: store, run: run, to: dir + "/b", toolVersion: "test")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/a/README.md")) == Data(contentsOf: URL(fileURLWithPath: dir + "/b/README.md")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/a/collapse.png")) == Data(contentsOf: URL(fileURLWithPath: dir + "/b/collapse.png")))
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/a/collapse.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }

    @Test func reportWithoutMetricsSaysWhatIsMissing() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let run = try plantedRun(store, name: "bare", metrics: false)
        try CollapseReportWriter.write(store: store, run: run, to: dir + "/r", toolVersion: "test")
        let md = try String(contentsOfFile: dir + "/r/README.md", encoding: .utf8)
        #expect(md.contains("No quality metric is recorded per subnetwork for this run"))
        #expect(md.contains("| cat | 0.74") && md.contains("| n/a |"))
    }

    @Test func semanticReportHasItsFigures() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let run = try plantedRun(store, name: "sem")
        let files = try SemanticReportWriter.write(store: store, run: run, to: dir + "/s", toolVersion: "test", wordnet: try WordNetDatabase(), preset: .cifar10)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["README.md", "semantic-groups.png", "semantic-classes.png", "semantic-matrices.png"])
        let md = try String(contentsOfFile: dir + "/s/README.md", encoding: .utf8)
        #expect(md.contains("`cat.n.01`") && md.contains("## By stage and depth") && md.contains("## Per class"))
    }

    @Test func comparisonTableMatchesHandComputation() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let a = try plantedRun(store, name: "rtl")
        let b = try plantedRun(store, name: "multi", method: "imp-multi")
        let t = try ComparisonTable.build(store: store, runs: [a, b])
        #expect(t.levels == [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9])
        #expect(t.splits == ["test", "test"])
        // Test-split macro average at step 0: mean of 0.8, 0.79, 0.78, 0.77.
        #expect(abs(t.values["balanced_accuracy"]![0][0]! - 0.785) < 1e-12)
        #expect(abs(t.values["recall"]![1][7]! - 0.715) < 1e-12)
        let masks = try store.masks(of: a, step: 3)
        #expect(t.values["params"]![0][3] == Double(try Mask.unionCount(masks)))
        #expect(t.values["params"]![1][3] == Double(masks.map(\.popcount).reduce(0, +)))
        #expect(t.paramsSource == ["union of masks", "sum of masks"])
        // Every method of independent models sums, whatever the experiment.
        let speech = try plantedRun(store, name: "speech-multi", method: "speech-imp-multi")
        #expect(try ComparisonTable.build(store: store, runs: [speech]).paramsSource == ["sum of masks"])
        // Long layout (8 levels): union beats sum, so rtl's #Params is bold.
        #expect(MarkdownRenderer.render(t.table).contains("| 59% | rtl |") && MarkdownRenderer.render(t.table).contains("**\(Format.count(t.values["params"]![0][3]))**"))
    }

    @Test func compareWithDifferentLayoutsOmitsSimilarityFigure() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let a = try plantedRun(store, name: "one")
        let b = try plantedRun(store, name: "two", layout: try MaskLayout([.init(name: "w", shape: [300])]))
        let files = try ComparisonReportWriter.write(store: store, runs: [a, b], to: dir + "/c", toolVersion: "test")
        let md = try String(contentsOfFile: dir + "/c/README.md", encoding: .utf8)
        #expect(md.contains("different layer layouts"))
        #expect(!files.contains { $0.hasSuffix("compare-similarity.png") })
        #expect(files.contains { $0.hasSuffix("compare-accuracy.png") })
    }

    @Test func paperLayoutForFewLevels() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let targets: [Double?] = [0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75]
        let a = try plantedRun(store, name: "rtl", targets: targets)
        let t = try ComparisonTable.build(store: store, runs: [a])
        #expect(t.levels == [0.25, 0.5, 0.75])
        #expect(MarkdownRenderer.render(t.table).hasPrefix("| Run | Balanced accuracy ↑ 25% | Balanced accuracy ↑ 50% | Balanced accuracy ↑ 75% | Precision ↑ 25%"))
    }

    @Test func unwritableOutputIsAClearError() throws {
        let dir = scratch()
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let run = try plantedRun(store, name: "r")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        #expect(throws: ReportError.unwritableDirectory(path: dir + "/file", reason: "it is a file")) {
            try CollapseReportWriter.write(store: store, run: run, to: dir + "/file", toolVersion: "t")
        }
        #expect(throws: ReportError.self) { try CollapseReportWriter.write(store: store, run: run, to: dir + "/file/sub", toolVersion: "t") }
    }
}
