import Foundation
import GRDB
import MaskKit

/// What `ticketscope verify` found in one run.
public struct RunVerification: Sendable, Equatable {
    /// The run's name.
    public let run: String
    /// Step rows read.
    public var steps = 0
    /// Mask rows counted over the steps.
    public var maskRows = 0
    /// Metric rows read.
    public var metrics = 0
    /// One line per damaged row or step; empty when the run is whole.
    public var problems: [String] = []
}

/// What `ticketscope verify` found in a store.
public struct StoreVerification: Sendable, Equatable {
    /// `PRAGMA integrity_check` lines other than `ok`, and foreign keys without their parent row.
    public var fileProblems: [String] = []
    /// One result per run checked, in creation order.
    public var runs: [RunVerification] = []
    /// Facts that are not damage (a stale write lease left by a killed writer).
    public var notes: [String] = []

    /// True when nothing is damaged.
    public var isWhole: Bool { fileProblems.isEmpty && runs.allSatisfy { $0.problems.isEmpty } }
    /// The number of problems, in the file and in every run.
    public var problemCount: Int { fileProblems.count + runs.map(\.problems.count).reduce(0, +) }
}

extension RunStore {
    /// Checks the whole store (or one run) without believing any of it: SQLite's integrity check,
    /// foreign keys, then every row decoded, every step complete with `ones` equal to the popcount
    /// of its bits, every stored sparsity equal to the one the masks give, every metric finite.
    public func verify(run name: String? = nil) throws -> StoreVerification {
        try reading { db in
            var result = StoreVerification()
            let integrity = try Row.fetchAll(db, sql: "PRAGMA integrity_check").compactMap { $0[0] as String? }.filter { $0 != "ok" }
            result.fileProblems += integrity.map { "integrity_check: \($0)" }
            // Rows whose parent is gone are left by deletes with foreign keys off (the sqlite3 shell's
            // default): they belong to nothing and every reader ignores them, so they are a note.
            var orphans: [[String]: Int] = [:]
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                orphans[[row[0] ?? "?", row[2] ?? "?"], default: 0] += 1
            }
            for (link, count) in orphans.sorted(by: { $0.key.joined() < $1.key.joined() }) {
                result.notes.append("\(count) \(link[0]) rows refer to a missing \(link[1]) row (left by a delete with foreign keys off; readers ignore them)")
            }
            var runs: [RunInfo] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id") {
                do { runs.append(try Self.runInfo(row)) } catch { result.fileProblems.append("\(error)") }
            }
            if let name {
                guard let one = runs.first(where: { $0.name == name }) else { throw StoreError.unknownRun(name: name, known: runs.map(\.name)) }
                runs = [one]
            }
            for run in runs {
                result.runs.append(try verify(db, run: run))
                var live = false
                if try db.tableExists("lease"), let row = try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE run_id = ?", arguments: [run.id]),
                   let holder = try? Self.leaseHolder(row) {
                    let why = Self.staleness(of: holder)
                    live = why == nil
                    result.notes.append("run '\(run.name)': write lease held by \(holder)" + (why.map { " — stale: \($0); the next writer takes it over" } ?? ""))
                }
                if run.status == RunStatus.running.rawValue && !live {
                    result.notes.append("run '\(run.name)' has status running but no live writer (it was killed or failed to record its end); `train --resume` continues it")
                }
            }
            return result
        }
    }

    private func verify(_ db: Database, run: RunInfo) throws -> RunVerification {
        var report = RunVerification(run: run.name)
        func record(_ body: () throws -> Void) {
            do { try body() } catch { report.problems.append("\(error)") }
        }
        var layout: MaskLayout?
        var subs: [SubnetworkInfo]?
        record { layout = try self.layoutRows(db, run: run) }
        record { subs = try self.subnetworkRows(db, run: run) }
        for (i, row) in try Row.fetchAll(db, sql: "SELECT * FROM step WHERE run_id = ? ORDER BY idx", arguments: [run.id]).enumerated() {
            report.steps += 1
            record {
                let index: Int = try row.field("idx", table: "step", at: "run '\(run.name)' step row \(i)")
                let at = "run '\(run.name)' step \(index)"
                let stored = try row.finite("sparsity", table: "step", at: at)
                let phase: String = try row.field("phase", table: "step", at: at)
                guard StepPhase(rawValue: phase) != nil else { throw StoreError.badValue(table: "step", column: "phase", found: "'\(phase)'", at: at) }
                guard let layout, let subs else { return }
                report.maskRows += try Int.fetchOne(db, sql: "SELECT count(*) FROM mask WHERE run_id = ? AND step_idx = ?", arguments: [run.id, index]) ?? 0
                let masks = try Self.verifiedMasks(db, run: run, step: index, layout: layout, subnetworks: subs)
                let actual = masks.map(\.sparsity).reduce(0, +) / Double(max(masks.count, 1))
                if abs(actual - stored) > 1e-9 {
                    throw StoreError.badValue(table: "step", column: "sparsity", found: "\(stored)", at: "\(at) (its masks give \(actual))")
                }
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM metric WHERE run_id = ?", arguments: [run.id]) {
            report.metrics += 1
            record {
                let step: Int = try row.field("step_idx", table: "metric", at: "run '\(run.name)'")
                let at = "run '\(run.name)' step \(step) metric"
                _ = try row.finite("value", table: "metric", at: at)
                let name: String = try row.field("name", table: "metric", at: at), split: String = try row.field("split", table: "metric", at: at)
                guard Split(rawValue: split) != nil else { throw StoreError.badValue(table: "metric", column: "split", found: "'\(split)'", at: "\(at) '\(name)'") }
                if let s: Int = try row.optionalField("subnetwork_idx", table: "metric", at: at), let subs, !subs.indices.contains(s) {
                    throw StoreError.badValue(table: "metric", column: "subnetwork_idx", found: "\(s)", at: "\(at) '\(name)'")
                }
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM event WHERE run_id = ?", arguments: [run.id]) {
            record {
                let kind: String = try row.field("kind", table: "event", at: "run '\(run.name)' event")
                try EventKind.check(kind)
            }
        }
        return report
    }
}
