import Foundation
import GRDB
import MaskKit

extension RunStore {
    /// All runs, oldest first.
    public func runs() throws -> [RunInfo] {
        try reading { db in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map(RunStore.runInfo) }
    }

    /// The run with this name.
    public func run(named name: String) throws -> RunInfo {
        try reading { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE name = ?", arguments: [name]) {
                return try RunStore.runInfo(row)
            }
            let known = try Row.fetchAll(db, sql: "SELECT id, name FROM run ORDER BY id").map { row -> String in
                try row.field("name", table: "run", at: "run id \(try row.field("id", table: "run", at: "a run") as Int64)")
            }
            throw StoreError.unknownRun(name: name, known: known)
        }
    }

    /// Creates a run with its layer layout and subnetworks (in one transaction), and takes its
    /// write lease (a second writer of the same name is refused naming this process).
    @discardableResult
    public func createRun(_ new: NewRun, layout: MaskLayout, subnetworks: [SubnetworkInfo], status: RunStatus = .running) throws -> RunInfo {
        try writing { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id FROM run WHERE name = ?", arguments: [new.name]) {
                // Being created by another live writer right now: name it rather than just refusing.
                if let holder = try foreignLiveHolder(db, runID: try row.field("id", table: "run", at: "run '\(new.name)'")) {
                    throw StoreError.leaseHeld(run: new.name, holder: holder)
                }
                throw StoreError.runExists(name: new.name)
            }
            let info = try RunStore.insertRun(new, layout: layout, subnetworks: subnetworks, status: status, db: db)
            try holdLease(db, runID: info.id, runName: new.name)
            return info
        }
    }

    /// Sets a run's status.
    public func setStatus(_ status: RunStatus, run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: "UPDATE run SET status = ? WHERE id = ?", arguments: [status.rawValue, run.id])
        }
    }

    /// The run's layer layout, in stored order.
    public func layout(of run: RunInfo) throws -> MaskLayout {
        try reading { db in try layoutRows(db, run: run) }
    }

    func layoutRows(_ db: Database, run: RunInfo) throws -> MaskLayout {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM layer WHERE run_id = ? ORDER BY idx", arguments: [run.id])
        let entries = try rows.enumerated().map { i, row -> MaskLayout.Entry in
            let at = "run '\(run.name)' layer \(i)"
            let index: Int = try row.field("idx", table: "layer", at: at)
            guard index == i else { throw StoreError.badValue(table: "layer", column: "idx", found: "\(index)", at: "\(at) (indices must be 0…L−1)") }
            let name: String = try row.field("name", table: "layer", at: at)
            let json: String = try row.field("shape_json", table: "layer", at: at)
            guard let shape = try? JSONDecoder().decode([Int].self, from: Data(json.utf8)), shape.allSatisfy({ $0 >= 0 }) else {
                throw StoreError.corruptRow("layer '\(name)' has shape '\(json)'")
            }
            let grp: String? = try row.optionalField("grp", table: "layer", at: at)
            let group = try grp.map { g -> LayerGroup in
                guard let group = LayerGroup(rawValue: g) else { throw StoreError.badValue(table: "layer", column: "grp", found: "'\(g)'", at: at) }
                return group
            }
            return MaskLayout.Entry(name: name, shape: shape, depth: try row.field("depth", table: "layer", at: at), group: group)
        }
        let layout: MaskLayout
        do { layout = try MaskLayout(entries) } catch { throw StoreError.corruptRow("run '\(run.name)' layers: \(error)") }
        for (t, row) in zip(layout.tensors, rows) {
            let numel: Int = try row.field("numel", table: "layer", at: "run '\(run.name)' layer '\(t.name)'")
            guard numel == t.count else {
                throw StoreError.badValue(table: "layer", column: "numel", found: "\(numel)", at: "run '\(run.name)' layer '\(t.name)' (its shape has \(t.count) elements)")
            }
        }
        return layout
    }

    /// The run's subnetworks, in index order.
    public func subnetworks(of run: RunInfo) throws -> [SubnetworkInfo] {
        try reading { db in try subnetworkRows(db, run: run) }
    }

    func subnetworkRows(_ db: Database, run: RunInfo) throws -> [SubnetworkInfo] {
        try Row.fetchAll(db, sql: "SELECT idx, name, synset FROM subnetwork WHERE run_id = ? ORDER BY idx", arguments: [run.id])
            .enumerated().map { i, row in
                let at = "run '\(run.name)' subnetwork \(i)"
                let index: Int = try row.field("idx", table: "subnetwork", at: at)
                guard index == i else { throw StoreError.badValue(table: "subnetwork", column: "idx", found: "\(index)", at: "\(at) (indices must be 0…K−1)") }
                return SubnetworkInfo(index: index, name: try row.field("name", table: "subnetwork", at: at),
                                      synset: try row.optionalField("synset", table: "subnetwork", at: at))
            }
    }

    /// Sets the WordNet synset of a subnetwork.
    public func setSynset(_ synset: String?, subnetwork: Int, run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: "UPDATE subnetwork SET synset = ? WHERE run_id = ? AND idx = ?", arguments: [synset, run.id, subnetwork])
        }
    }

    static func runInfo(_ row: Row) throws -> RunInfo {
        let id: Int64 = try row.field("id", table: "run", at: "a run")
        let at = "run id \(id)"
        func text(_ c: String) throws -> String { try row.field(c, table: "run", at: at) }
        func optionalText(_ c: String) throws -> String? { try row.optionalField(c, table: "run", at: at) }
        return RunInfo(id: id, name: try text("name"), method: try text("method"), model: try optionalText("model"),
                       dataset: try optionalText("dataset"), partition: try optionalText("partition"), configJSON: try text("config_json"),
                       seed: try row.optionalField("seed", table: "run", at: at), status: try text("status"), createdAt: try text("created_at"),
                       configHash: try optionalText("config_hash"))
    }
}


extension RunStore {
    /// A text that changes whenever what a reader can see changes: a run created, renamed, deleted or
    /// given a new status; a step, metric, event or cost row added or removed; a subnetwork edited. Cheap
    /// (counts and largest row ids), so a reader can cache what it built from the store under it.
    public func revision() throws -> String {
        try reading { db in
            var parts: [String] = []
            for table in ["step", "metric", "event", "run_cost"] {
                let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(rowid), 0) FROM \(table)")
                parts.append("\(row?[0] as Int64? ?? 0).\(row?[1] as Int64? ?? 0)")
            }
            // Values and synsets can be edited in place.
            parts.append(String(try Double.fetchOne(db, sql: "SELECT total(value) FROM metric") ?? 0))
            parts.append(try String.fetchOne(db, sql: "SELECT coalesce(group_concat(run_id || name || coalesce(synset, ''), ';'), '') FROM subnetwork") ?? "")
            let runs = try String.fetchOne(db, sql: "SELECT count(*) || ':' || coalesce(group_concat(id || ',' || name || ',' || status, ';'), '') FROM run") ?? ""
            parts.append(runs)
            return parts.joined(separator: "|")
        }
    }
}
