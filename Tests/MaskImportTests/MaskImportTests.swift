import Foundation
import Testing
import MaskKit
import RunStore
import TensorFiles
@testable import MaskImport

private func tempDir() -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("ts-imp-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

private func tensors(_ subs: [String], _ layers: [(String, [Int])]) throws -> [NamedTensor] {
    try subs.flatMap { s in try layers.map { l in
        let n = l.1.reduce(1, *)
        return try NamedTensor(name: "\(s)/\(l.0)", shape: l.1, bools: (0..<n).map { ($0 + s.count) % 3 != 0 })
    } }
}

private func options(order: LayerOrder? = nil) -> ImportOptions {
    var o = ImportOptions(filter: try! LayerFilter())
    o.layerOrder = order
    return o
}

@Suite struct MaskImportTests {
    @Test func layerOrderTextForm() throws {
        let o = try LayerOrder(text: "# comment\nfeatures.0 shallow\n\nfeatures.10\nclassifier deep\n", source: "order.txt")
        #expect(o.names == ["features.0", "features.10", "classifier"])
        #expect(o.groups == ["features.0": .shallow, "classifier": .deep])
        #expect(throws: ImportError.self) { try LayerOrder(text: "a bogus\n", source: "o") }
        #expect(throws: ImportError.self) { try LayerOrder(text: "a\na\n", source: "o") }
        #expect(throws: ImportError.self) { try LayerOrder(text: "\n", source: "o") }
    }

    @Test func safetensorsMetadataDecidesLayerOrder() throws {
        let dir = tempDir()
        let layers: [(String, [Int])] = [("features.10", [3]), ("features.2", [4]), ("classifier", [2])]
        let path = dir + "/m.safetensors"
        try SafetensorsWriter.write(try tensors(["a", "b"], layers), metadata: ["layers": "features.2, features.10, classifier"], to: path)
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let plan = try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(path)], options: options())
        #expect(plan.layout.tensors.map(\.name) == ["features.2", "features.10", "classifier"])
        #expect(plan.warnings.isEmpty)
    }

    @Test func safetensorsWithoutOrderWarnsAndLayerOrderFileApplies() throws {
        let dir = tempDir()
        let layers: [(String, [Int])] = [("b", [3]), ("a", [4]), ("c", [2])]
        let path = dir + "/m.safetensors"
        try SafetensorsWriter.write(try tensors(["x"], layers), to: path)
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let plain = try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(path)], options: options())
        #expect(plain.warnings.count == 1)
        #expect(plain.layout.tensors.map(\.name) == ["a", "b", "c"])  // natural name order, not header order
        let order = LayerOrder(names: ["c", "a", "b"], groups: ["b": .deep])
        let ordered = try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(path)], options: options(order: order))
        #expect(ordered.layout.tensors.map(\.name) == ["c", "a", "b"])
        #expect(ordered.layout.groups[2] == .deep)
        #expect(throws: ImportError.self) {
            try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(path)], options: options(order: LayerOrder(names: ["a", "b"])))
        }
    }

    @Test func writesOneStepPerFileWithComputedSparsity() throws {
        let dir = tempDir()
        let layers: [(String, [Int])] = [("l1", [10]), ("l2", [7])]
        try NPZWriter.write(try tensors(["cat", "dog"], layers), to: dir + "/s1.npz")
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        var opts = options()
        opts.targetSparsities = [0.1, 0.2]
        #expect(throws: ImportError.self) {  // the same masks twice in a row: a probable mistake
            try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(dir + "/s1.npz"), .prefixed(dir + "/s1.npz")], options: opts)
        }
        opts.allowDuplicate = true
        let plan = try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(dir + "/s1.npz"), .prefixed(dir + "/s1.npz")], options: opts)
        #expect(plan.createsRun)
        let run = try MaskImporter.write(plan, store: store)
        let steps = try store.steps(of: run)
        #expect(steps.map(\.targetSparsity) == [0.1, 0.2])
        #expect(steps.allSatisfy { $0.phase == "imported" })
        let masks = try store.masks(of: run, step: 1)
        // cat: (j + 3) % 3 != 0 keeps 2 of 3; dog likewise: l1 keeps 6 of 10, l2 keeps 4 of 7 (j = 0, 3, 6 pruned).
        #expect(masks[0].popcount == 6 + 4)
        #expect(abs(steps[0].sparsity - 7.0 / 17.0) < 1e-12)
        #expect(try store.subnetworks(of: run).map(\.name) == ["cat", "dog"])
    }
}

@Suite struct ImportPartsTests {
    @Test func naturalOrderComparesNumbersByValue() {
        let names = ["layers.10.w", "layers.2.w", "layers.1.w", "embed", "layers.02.x", "layers.2.v"]
        #expect(names.sorted(by: NaturalOrder.less) == ["embed", "layers.1.w", "layers.2.v", "layers.2.w", "layers.02.x", "layers.10.w"])
        #expect(!NaturalOrder.less("a", "a"))
    }

    @Test func subnetworkSourcesAndFilters() throws {
        #expect(try SubnetworkSource(parsing: "code=ckpt/a=b") == SubnetworkSource(name: "code", path: "ckpt/a=b"))
        #expect(throws: ImportError.self) { try SubnetworkSource(parsing: "code") }
        #expect(throws: ImportError.self) { try SubnetworkSource(parsing: "=path") }
        let f = try LayerFilter(include: #"proj\.weight$"#, exclude: "^model\\.layers\\.0\\.")
        #expect(f.selects("model.layers.3.q_proj.weight") && !f.selects("model.layers.0.q_proj.weight") && !f.selects("model.norm.weight"))
        #expect(throws: ImportError.self) { try LayerFilter(include: "(") }
    }

    @Test func metricNamesAndSplits() throws {
        #expect(MetricName.meant(by: "Balanced-Accuracy") == .balancedAccuracy)
        #expect(MetricName.meant(by: "bacc") == .balancedAccuracy)
        #expect(Split.meant(by: "val") == .validation)
        #expect(MetricName.recorded.filter(\.isFraction).map(\.rawValue) == ["balanced_accuracy", "precision", "recall", "accuracy", "f1"])
    }

    /// An import whose write stops after one step is reported with what it stored.
    @Test func unfinishedImportJournal() throws {
        let dir = tempDir()
        let layers: [(String, [Int])] = [("l", [9])]
        try NPZWriter.write(try tensors(["a"], layers), to: dir + "/1.npz")
        try NPZWriter.write(try tensors(["ab"], [("l", [9])]).map { try NamedTensor(name: "a/l", dtype: $0.dtype, shape: $0.shape, data: $0.data) }, to: dir + "/2.npz")
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let plan = try MaskImporter.plan(store: store, run: "r", sources: [.prefixed(dir + "/1.npz"), .prefixed(dir + "/2.npz")], options: options())
        let subs = [SubnetworkInfo(index: 0, name: "a")]
        let (run, created) = try store.openRunForImport(NewRun(name: "r", method: "imported"), layout: plan.layout, subnetworks: subs,
                                                        status: .imported, sources: [dir + "/1.npz", dir + "/2.npz"])
        #expect(created)
        let masks = try [Mask(layout: plan.layout, words: [0b1])]
        try store.storeStep(StepWrite(phase: .imported, masks: masks, events: [RunStore.importStepEvent(source: dir + "/1.npz")]), at: nil, replace: false, run: run)
        let journal = try #require(try store.unfinishedImport(of: run))
        #expect(journal.stored.map(\.step) == [0] && journal.stored.map(\.source) == [dir + "/1.npz"])
        let note = MaskImporter.interruptedNote(journal, run: "r")
        #expect(note.contains("stored step 0") && note.contains("not stored: \(dir)/2.npz"))
        try store.finishImport(run: run)
        #expect(try store.unfinishedImport(of: run) == nil)
    }
}
