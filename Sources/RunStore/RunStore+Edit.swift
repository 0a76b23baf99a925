import Foundation
import GRDB
import MaskKit

/// What one import command is doing, as recorded in the run's `import` events so that the next import
/// can tell what an interrupted one stored.
public struct ImportJournal: Sendable, Equatable {
    /// When the import began (ISO 8601 UTC).
    public let startedAt: String
    /// The step sources it was given, in order.
    public let sources: [String]
    /// The steps it stored, with their sources.
    public let stored: [(step: Int, source: String)]

    /// Equal when they began at the same time with the same sources and stored the same steps from the same sources.
    public static func == (a: ImportJournal, b: ImportJournal) -> Bool {
        a.startedAt == b.startedAt && a.sources == b.sources && a.stored.map(\.step) == b.stored.map(\.step)
            && a.stored.map(\.source) == b.stored.map(\.source)
    }
}

/// The `detail` JSON of an `import` event: the start of an import, one stored step, or the end.
private struct ImportEventDetail: Codable {
    enum Action: String, Codable { case begin, step, end }
    var action: Action
    var sources: [String]?
    var source: String?
}

extension RunStore {
    /// Opens run `new.name` for an import, creating it with `layout` and `subnetworks` when it does not exist,
    /// and records the start of the import (`sources`) in the same `BEGIN IMMEDIATE` transaction, so that two
    /// processes creating the same run at once both succeed. This is the one place an import takes its run for
    /// writing. An existing run must have exactly `layout` and `subnetworks`.
    /// - Returns: the run and whether this call created it.
    public func openRunForImport(_ new: NewRun, layout: MaskLayout, subnetworks: [SubnetworkInfo], status: RunStatus,
                                 sources: [String]) throws -> (run: RunInfo, created: Bool) {
        try writing { db in
            var created = false
            let run: RunInfo
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE name = ?", arguments: [new.name]) {
                run = try RunStore.runInfo(row)
                let storedNames = try String.fetchAll(db, sql: "SELECT name FROM subnetwork WHERE run_id = ? ORDER BY idx", arguments: [run.id])
                let storedLayers = try String.fetchAll(db, sql: "SELECT name FROM layer WHERE run_id = ? ORDER BY idx", arguments: [run.id])
                guard storedNames == subnetworks.map(\.name), storedLayers == layout.tensors.map(\.name) else {
                    throw StoreError.invalidStep("run '\(new.name)' was created meanwhile with other subnetworks or layers")
                }
            } else {
                run = try RunStore.insertRun(new, layout: layout, subnetworks: subnetworks, status: status, db: db)
                created = true
            }
            try holdLease(db, runID: run.id, runName: run.name)
            try RunStore.insertEvent(.import, detail: ImportEventDetail(action: .begin, sources: sources), step: nil, run: run, db: db)
            return (run, created)
        }
    }

    /// Records the end of an import begun with ``openRunForImport(_:layout:subnetworks:status:sources:)``.
    public func finishImport(run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try RunStore.insertEvent(.import, detail: ImportEventDetail(action: .end), step: nil, run: run, db: db)
        }
    }

    /// The `import` event to store with a step written by an import from `source`.
    public static func importStepEvent(source: String) -> (kind: EventKind, detail: String) {
        (.import, encode(ImportEventDetail(action: .step, source: source)))
    }

    /// The last import into `run` if it began and never finished (it was interrupted), with what it stored.
    public func unfinishedImport(of run: RunInfo) throws -> ImportJournal? {
        try reading { db in
            let rows = try Row.fetchAll(db, sql: "SELECT step_idx, detail, at FROM event WHERE run_id = ? AND kind = 'import' ORDER BY id",
                                        arguments: [run.id])
            var journal: ImportJournal?
            for row in rows {  // decoded defensively: a user may have written anything into these columns
                guard let text = String.fromDatabaseValue(row["detail"]),
                      let detail = try? JSONDecoder().decode(ImportEventDetail.self, from: Data(text.utf8)) else { continue }
                switch detail.action {
                case .begin: journal = ImportJournal(startedAt: String.fromDatabaseValue(row["at"]) ?? "?", sources: detail.sources ?? [], stored: [])
                case .step:
                    if let j = journal, let step = Int.fromDatabaseValue(row["step_idx"]) {
                        journal = ImportJournal(startedAt: j.startedAt, sources: j.sources, stored: j.stored + [(step, detail.source ?? "")])
                    }
                case .end: journal = nil
                }
            }
            return journal
        }
    }

    /// Stores a step at `index` (nil: after the last step) in one transaction. An existing step at `index` is
    /// refused unless `replace`, which swaps in the new masks and drops the old step's metrics and events
    /// (they describe other masks), recording a `replace` event.
    /// - Returns: the stored step, whether it replaced one, and how many metric values the replaced step lost.
    @discardableResult
    public func storeStep(_ write: StepWrite, at index: Int?, replace: Bool, run: RunInfo) throws -> (step: StepInfo, replaced: Bool, droppedMetrics: Int) {
        let layout = try checkedLayout(of: write, run: run)
        return try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            let last = try Int.fetchOne(db, sql: "SELECT max(idx) FROM step WHERE run_id = ?", arguments: [run.id])
            let idx = index ?? ((last ?? -1) + 1)
            var dropped = 0, replaced = false
            var events = write.events
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM step WHERE run_id = ? AND idx = ?", arguments: [run.id, idx]) == true {
                guard replace else { throw StoreError.stepExists(run: run.name, step: idx) }
                replaced = true
                dropped = try Int.fetchOne(db, sql: "SELECT count(*) FROM metric WHERE run_id = ? AND step_idx = ?", arguments: [run.id, idx]) ?? 0
                try db.execute(sql: "DELETE FROM event WHERE run_id = ? AND step_idx = ?", arguments: [run.id, idx])
                try db.execute(sql: "DELETE FROM step WHERE run_id = ? AND idx = ?", arguments: [run.id, idx])
                events.append((kind: .replace, detail: "masks of step \(idx) replaced; \(dropped) metric values dropped"))
            }
            var placed = write
            placed.events = events
            return (try RunStore.insertStep(placed, index: idx, layout: layout, run: run, db: db), replaced, dropped)
        }
    }

    /// Deletes a run with everything it holds, in one transaction.
    public func deleteRun(_ run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run.id])
        }
    }

    /// Deletes one step (masks, metrics, its events) in one transaction and records a `delete` event.
    /// Only the last step may go unless `force`: later steps keep their indices (indices are never reused
    /// or renumbered, so notes and metrics naming a step stay right), leaving a gap.
    public func deleteStep(_ index: Int, run: RunInfo, force: Bool) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            let indices = try Int.fetchAll(db, sql: "SELECT idx FROM step WHERE run_id = ? ORDER BY idx", arguments: [run.id])
            guard indices.contains(index) else {
                throw StoreError.unknownStep(run: run.name, step: index, available: indices.first.flatMap { f in indices.last.map { f...$0 } })
            }
            if let last = indices.last, index != last, !force { throw StoreError.notLastStep(run: run.name, step: index, last: last) }
            try db.execute(sql: "DELETE FROM event WHERE run_id = ? AND step_idx = ?", arguments: [run.id, index])
            try db.execute(sql: "DELETE FROM step WHERE run_id = ? AND idx = ?", arguments: [run.id, index])
            try RunStore.insertEvent(.delete, text: "step \(index) deleted", step: nil, run: run, db: db)
        }
    }

    /// Calls `body` with the packed words of every mask row of a step, subnetwork by subnetwork and layer by
    /// layer, one row in memory at a time.
    public func forEachMaskRow(of run: RunInfo, step: Int, _ body: (_ subnetwork: Int, _ layer: Int, UnsafeBufferPointer<UInt64>) throws -> Void) throws {
        try reading { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT subnetwork_idx, layer_idx, bits FROM mask WHERE run_id = ? AND step_idx = ? ORDER BY subnetwork_idx, layer_idx
                """, arguments: [run.id, step])
            while let row = try rows.next() {
                guard let data = Data.fromDatabaseValue(row["bits"]), data.count % 8 == 0,
                      let sub = Int.fromDatabaseValue(row["subnetwork_idx"]), let layer = Int.fromDatabaseValue(row["layer_idx"]) else {
                    throw StoreError.corruptRow("a mask row of step \(step) of run '\(run.name)' is not a whole number of 64-bit words")
                }
                try RunStore.words(data).withUnsafeBufferPointer { try body(sub, layer, $0) }
            }
        }
    }

    static func insertRun(_ new: NewRun, layout: MaskLayout, subnetworks: [SubnetworkInfo], status: RunStatus, db: Database) throws -> RunInfo {
        try db.execute(sql: """
            INSERT INTO run (name, method, model, dataset, partition, config_json, seed, status, created_at, schema_version, config_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [new.name, new.method, new.model, new.dataset, new.partition, new.configJSON,
                             new.seed, status.rawValue, RunStore.now(), Schema.version, new.configHash])
        let id = db.lastInsertedRowID
        for (i, t) in layout.tensors.enumerated() {
            let shape = "[" + t.shape.map(String.init).joined(separator: ",") + "]"
            try db.execute(sql: "INSERT INTO layer (run_id, idx, name, shape_json, numel, depth, grp) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, t.name, shape, t.count, t.depth, t.group?.rawValue])
        }
        for s in subnetworks {
            try db.execute(sql: "INSERT INTO subnetwork (run_id, idx, name, synset) VALUES (?, ?, ?, ?)", arguments: [id, s.index, s.name, s.synset])
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else {
            throw StoreError.corruptRow("run '\(new.name)' vanished while being created")
        }
        return try RunStore.runInfo(row)
    }

    private static func insertEvent(_ kind: EventKind, detail: ImportEventDetail, step: Int?, run: RunInfo, db: Database) throws {
        try insertEvent(kind, text: encode(detail), step: step, run: run, db: db)
    }

    private static func insertEvent(_ kind: EventKind, text: String, step: Int?, run: RunInfo, db: Database) throws {
        try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [run.id, step, kind.rawValue, text, RunStore.now()])
    }

    private static func encode(_ detail: ImportEventDetail) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
