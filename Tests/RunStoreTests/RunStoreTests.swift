import Foundation
import Testing
import MaskKit
@testable import RunStore

func temporaryPath(_ name: String = "store.sqlite") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

private func sampleLayout() throws -> MaskLayout {
    try MaskLayout([.init(name: "conv1", shape: [8, 3, 3, 3]), .init(name: "conv2", shape: [16, 8, 1, 1]), .init(name: "fc", shape: [10, 16])])
}

@Suite struct RunStoreTests {
    @Test func roundTripsRunsStepsMasksMetricsEvents() throws {
        let path = temporaryPath()
        let store = try RunStore(path: path, mode: .write)
        let layout = try sampleLayout()
        let subs = [SubnetworkInfo(index: 0, name: "cat", synset: "cat.n.01"), SubnetworkInfo(index: 1, name: "dog")]
        let run = try store.createRun(NewRun(name: "r1", method: "imported", configJSON: #"{"a":1}"#, seed: 7), layout: layout, subnetworks: subs)
        #expect(throws: StoreError.runExists(name: "r1")) { try store.createRun(NewRun(name: "r1", method: "x"), layout: layout, subnetworks: subs) }
        let m0 = try (0..<2).map { try Mask.random(layout, density: 0.5, seed: UInt64($0)) }
        let m1 = try (0..<2).map { try Mask.random(layout, density: 0.25, seed: UInt64(10 + $0)) }
        let s0 = try store.appendStep(StepWrite(phase: .extract, targetSparsity: 0.5, masks: m0,
                                                metrics: [(0, .validation, .balancedAccuracy, 0.8), (nil, .test, .params, 123)],
                                                events: [(.collapseOnset, "first")]), to: run)
        let s1 = try store.appendStep(StepWrite(phase: .extract, masks: m1), to: run)
        #expect(s0.index == 0 && s1.index == 1)
        #expect(abs(s1.sparsity - (m1[0].sparsity + m1[1].sparsity) / 2) < 1e-12)

        let reader = try RunStore(path: path, mode: .read)
        let r = try reader.run(named: "r1")
        #expect(r.seed == 7 && r.configJSON == #"{"a":1}"#)
        #expect(try reader.layout(of: r) == layout)
        #expect(try reader.subnetworks(of: r) == subs)
        #expect(try reader.masks(of: r, step: 0) == m0)
        #expect(try reader.masks(of: r, step: 1) == m1)
        #expect(try reader.step(of: r).index == 1)
        #expect(try reader.step(of: r, index: 0).targetSparsity == 0.5)
        #expect(try reader.metrics(of: r, name: "balanced_accuracy").map(\.value) == [0.8])
        #expect(try reader.metrics(of: r, metric: .params, split: .test).map(\.value) == [123])
        #expect(try reader.metrics(of: r, split: .validation).map(\.metric) == [.balancedAccuracy])
        #expect(try reader.events(of: r).map(\.kind) == ["collapse_onset"])
        #expect(try reader.metrics(of: r).count == 2)
        #expect(try reader.events(of: r).map(\.detail) == ["first"])
        #expect(throws: StoreError.unknownStep(run: "r1", step: 5, available: 0...1)) { try reader.step(of: r, index: 5) }
        #expect(throws: StoreError.unknownRun(name: "nope", known: ["r1"])) { try reader.run(named: "nope") }
    }

    @Test func checkpointsAndStatus() throws {
        let store = try RunStore(path: temporaryPath(), mode: .write)
        let run = try store.createRun(NewRun(name: "r", method: "rtl"), layout: try sampleLayout(), subnetworks: [.init(index: 0, name: "a")])
        let key = CheckpointKey.weights(sparsity: 0.5, part: .shared)
        #expect(try store.checkpoint(key, run: run) == nil)
        try store.putCheckpoint(key, data: Data([1, 2, 3]), run: run)
        try store.putCheckpoint(key, data: Data([4]), run: run)
        #expect(try store.checkpoint(key, run: run) == Data([4]))
        #expect(try store.checkpoint(.weights(sparsity: 0.5, part: .all), run: run) == nil)
        try store.setStatus(.complete, run: run)
        #expect(try store.run(named: "r").status == "complete")
    }

    @Test func rejectsBadSteps() throws {
        let store = try RunStore(path: temporaryPath(), mode: .write)
        let layout = try sampleLayout()
        let run = try store.createRun(NewRun(name: "r", method: "rtl"), layout: layout, subnetworks: [.init(index: 0, name: "a")])
        #expect(throws: StoreError.self) { try store.appendStep(StepWrite(phase: .extract, masks: []), to: run) }
        #expect(throws: StoreError.self) {
            try store.appendStep(StepWrite(phase: .extract, masks: [Mask.full(layout)], metrics: [(0, .test, .loss, .nan)]), to: run)
        }
        let other = try MaskLayout([.init(name: "x", shape: [3])])
        #expect(throws: StoreError.self) { try store.appendStep(StepWrite(phase: .extract, masks: [Mask.full(other)]), to: run) }
        #expect(try store.steps(of: run).isEmpty)
        #expect(throws: StoreError.noSteps(run: "r")) { try store.step(of: run) }
    }

    @Test func badFilesGiveClearErrors() throws {
        let missing = temporaryPath()
        #expect(throws: StoreError.missingDatabase(path: missing)) { try RunStore(path: missing, mode: .read) }
        #expect(!FileManager.default.fileExists(atPath: missing), "a read must not create the file")

        let text = temporaryPath()
        try Data(String(repeating: "not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.notSQLite(path: text)) { try RunStore(path: text, mode: .read) }
        #expect(throws: StoreError.notSQLite(path: text)) { try RunStore(path: text, mode: .write) }

        let newer = temporaryPath()
        _ = try RunStore(path: newer, mode: .write)
        try setUserVersion(newer, 99)
        #expect(throws: StoreError.newerSchema(path: newer, found: 99, supported: 2)) { try RunStore(path: newer, mode: .read) }
        #expect(throws: StoreError.newerSchema(path: newer, found: 99, supported: 2)) { try RunStore(path: newer, mode: .write) }
    }
}

/// Sets PRAGMA user_version with the sqlite3 command line when present, else through a raw SQLite write.
private func setUserVersion(_ path: String, _ v: Int) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=\(v)'); c.commit()", path]
    try p.run(); p.waitUntilExit()
    #expect(p.terminationStatus == 0)
}
