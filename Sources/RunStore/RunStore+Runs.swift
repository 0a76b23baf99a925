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
                return RunStore.runInfo(row)
            }
            let known = try String.fetchAll(db, sql: "SELECT name FROM run ORDER BY id")
            throw StoreError.unknownRun(name: name, known: known)
        }
    }

    /// Creates a run with its layer layout and subnetworks (in one transaction).
    @discardableResult
    public func createRun(_ new: NewRun, layout: MaskLayout, subnetworks: [SubnetworkInfo], status: String = "running") throws -> RunInfo {
        try writing { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM run WHERE name = ?", arguments: [new.name]) == true {
                throw StoreError.runExists(name: new.name)
            }
            return try RunStore.insertRun(new, layout: layout, subnetworks: subnetworks, status: status, db: db)
        }
    }

    /// Sets a run's status (`running`, `complete`, `stopped`, `failed`, `imported`).
    public func setStatus(_ status: String, run: RunInfo) throws {
        try writing { db in try db.execute(sql: "UPDATE run SET status = ? WHERE id = ?", arguments: [status, run.id]) }
    }

    /// The run's layer layout, in stored order.
    public func layout(of run: RunInfo) throws -> MaskLayout {
        try reading { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM layer WHERE run_id = ? ORDER BY idx", arguments: [run.id])
            let entries = try rows.map { row -> MaskLayout.Entry in
                let name: String = row["name"]
                let json: String = row["shape_json"]
                guard let shape = try? JSONDecoder().decode([Int].self, from: Data(json.utf8)) else {
                    throw StoreError.corruptRow("layer '\(name)' has shape '\(json)'")
                }
                let grp: String? = row["grp"]
                return MaskLayout.Entry(name: name, shape: shape, depth: row["depth"], group: grp.flatMap(LayerGroup.init(rawValue:)))
            }
            do { return try MaskLayout(entries) } catch { throw StoreError.corruptRow("run '\(run.name)' layers: \(error)") }
        }
    }

    /// The run's subnetworks, in index order.
    public func subnetworks(of run: RunInfo) throws -> [SubnetworkInfo] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT idx, name, synset FROM subnetwork WHERE run_id = ? ORDER BY idx", arguments: [run.id])
                .map { SubnetworkInfo(index: $0["idx"], name: $0["name"], synset: $0["synset"]) }
        }
    }

    /// Sets the WordNet synset of a subnetwork.
    public func setSynset(_ synset: String?, subnetwork: Int, run: RunInfo) throws {
        try writing { db in
            try db.execute(sql: "UPDATE subnetwork SET synset = ? WHERE run_id = ? AND idx = ?", arguments: [synset, run.id, subnetwork])
        }
    }

    static func runInfo(_ row: Row) -> RunInfo {
        RunInfo(id: row["id"], name: row["name"], method: row["method"], model: row["model"], dataset: row["dataset"],
                partition: row["partition"], configJSON: row["config_json"], seed: row["seed"], status: row["status"],
                createdAt: row["created_at"])
    }
}
