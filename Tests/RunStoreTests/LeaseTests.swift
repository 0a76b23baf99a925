import Foundation
import Testing
import MaskKit
@testable import RunStore

/// One writer per run inside one process: two stores on one file behave like two processes.
@Suite struct LeaseTests {
    let layout = try! MaskLayout([.init(name: "w", shape: [4, 16])])

    @Test func aSecondStoreCannotWriteARunUntilTheFirstLetsGo() throws {
        let path = temporaryPath()
        let a = try RunStore(path: path, mode: .write), b = try RunStore(path: path, mode: .write)
        let run = try a.createRun(NewRun(name: "r", method: "imported"), layout: layout, subnetworks: [.init(index: 0, name: "s")], status: .imported)
        let step = StepWrite(phase: .imported, masks: [try Mask.random(layout, density: 0.5, seed: 1)])
        try a.appendStep(step, to: run)
        let holder = try #require(try b.liveLeaseHolder(of: run))
        #expect(holder.pid == getpid() && holder.host == ProcessInfo.processInfo.hostName)
        #expect(throws: StoreError.leaseHeld(run: "r", holder: holder)) { try b.appendStep(step, to: run) }
        #expect(throws: StoreError.leaseHeld(run: "r", holder: holder)) { try b.setStatus(.failed, run: run) }
        #expect(throws: StoreError.leaseHeld(run: "r", holder: holder)) {
            try b.createRun(NewRun(name: "r", method: "imported"), layout: layout, subnetworks: [.init(index: 0, name: "s")])
        }
        // Other runs are free.
        let other = try b.createRun(NewRun(name: "o", method: "imported"), layout: layout, subnetworks: [.init(index: 0, name: "s")])
        try b.appendStep(step, to: other)
        a.releaseLease(run: run)
        #expect(try b.liveLeaseHolder(of: run) == nil)
        try b.appendStep(step, to: run)
        #expect(try b.steps(of: run).count == 2)
        // Now a is the second writer.
        #expect(throws: StoreError.self) { try a.appendStep(step, to: run) }
    }

    @Test func closedSetsAreStoredAsTheirRawValues() throws {
        let store = try RunStore(path: temporaryPath(), mode: .write)
        let run = try store.createRun(NewRun(name: "r", method: "x"), layout: layout, subnetworks: [.init(index: 0, name: "s")], status: .stopped)
        #expect(run.status == "stopped" && run.runStatus == .stopped && run.runMethod == nil)
        try store.addEvent(.leaseTakeover, detail: "d", step: nil, run: run)
        #expect(try store.events(of: run).map(\.kind) == ["lease_takeover"])
    }

    @Test func verifyFindsAWholeStoreWhole() throws {
        let store = try RunStore(path: temporaryPath(), mode: .write)
        let run = try store.createRun(NewRun(name: "r", method: "x"), layout: layout, subnetworks: [.init(index: 0, name: "a"), .init(index: 1, name: "b")])
        for seed in 0..<3 {
            try store.appendStep(StepWrite(phase: .extract, masks: try (0..<2).map { try Mask.random(layout, density: 0.4, seed: UInt64(seed * 2 + $0)) },
                                           metrics: [(0, .validation, .balancedAccuracy, 0.5)]), to: run)
        }
        let report = try store.verify()
        #expect(report.isWhole && report.runs.count == 1)
        #expect(report.runs[0].steps == 3 && report.runs[0].maskRows == 6 && report.runs[0].metrics == 3)
        #expect(report.notes.count == 1, "this store's own lease is a note: \(report.notes)")
        #expect(throws: StoreError.unknownRun(name: "nope", known: ["r"])) { try store.verify(run: "nope") }
    }
}
