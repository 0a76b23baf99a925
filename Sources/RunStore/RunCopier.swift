import GRDB

/// Copies runs, row for row, from an attached store (schema `src`, any version this build reads)
/// into the main one, and compares a run of each; used by ``StoreMerge``.
struct RunCopier {
    /// A table holding rows of a run: what identifies a run's content in it, and which rows count
    /// (rows whose step, subnetwork or layer is gone belong to nothing, as in the v2 migration).
    struct Table {
        let name: String
        /// What the comparison calls it ("different masks").
        let noun: String
        /// Columns compared between two copies of a run; empty = not compared.
        let content: [String]
        /// Extra condition on the rows of alias `t` in schema `S`.
        let filter: String

        init(_ name: String, _ noun: String, content: [String] = [], filter: String = "") {
            self.name = name; self.noun = noun; self.content = content; self.filter = filter
        }

        /// The table's rows of one run (`?`) in `schema`, as a FROM clause's body.
        func rows(_ schema: String) -> String {
            "\(schema).\(name) t WHERE t.run_id = ?" + filter.replacingOccurrences(of: "S.", with: "\(schema).")
        }
    }

    /// Parent tables first, so foreign keys hold at every insert.
    static let tables: [Table] = [
        Table("layer", "layers", content: ["idx", "name", "shape_json", "numel", "depth", "grp"]),
        Table("subnetwork", "subnetworks", content: ["idx", "name", "synset"]),
        Table("step", "steps", content: ["idx", "phase", "target_sparsity", "sparsity"]),
        Table("mask", "masks", content: ["step_idx", "subnetwork_idx", "layer_idx", "bits", "ones"], filter: """
             AND EXISTS (SELECT 1 FROM S.step p WHERE p.run_id = t.run_id AND p.idx = t.step_idx) \
            AND EXISTS (SELECT 1 FROM S.subnetwork p WHERE p.run_id = t.run_id AND p.idx = t.subnetwork_idx) \
            AND EXISTS (SELECT 1 FROM S.layer p WHERE p.run_id = t.run_id AND p.idx = t.layer_idx)
            """),
        Table("metric", "metrics", content: ["step_idx", "subnetwork_idx", "split", "name", "value"], filter: """
             AND EXISTS (SELECT 1 FROM S.step p WHERE p.run_id = t.run_id AND p.idx = t.step_idx) \
            AND (t.subnetwork_idx IS NULL OR EXISTS (SELECT 1 FROM S.subnetwork p WHERE p.run_id = t.run_id AND p.idx = t.subnetwork_idx))
            """),
        Table("event", "events"),
        Table("checkpoint", "checkpoints"),
        Table("run_cost", "costs"),
    ]

    /// The run columns two copies of a run must agree on.
    static let runContent = ["method", "model", "dataset", "partition", "config_json", "seed"]

    let db: Database
    /// Per table, the columns both schemas have (without `run_id` and row ids); nil when `src` lacks the table.
    private let shared: [String: [String]]

    init(_ db: Database) throws {
        self.db = db
        var shared: [String: [String]] = [:]
        for table in ["run"] + Self.tables.map(\.name) {
            let source = try Self.columns(db, schema: "src", table: table)
            guard !source.isEmpty else { continue }
            let target = try Self.columns(db, schema: "main", table: table)
            shared[table] = target.filter { source.contains($0) && $0 != "run_id" && !(["run", "event"].contains(table) && $0 == "id") }
        }
        self.shared = shared
    }

    /// The source's runs as (id, name), oldest first.
    func sourceRuns() throws -> [(Int64, String)] {
        try Row.fetchAll(db, sql: "SELECT id, name FROM src.run ORDER BY id").map { row in
            let id: Int64 = try row.field("id", table: "run", at: "a run")
            return (id, try row.field("name", table: "run", at: "run id \(id)"))
        }
    }

    /// Copies one run and all its rows; returns its id in the main store.
    func copy(run id: Int64) throws -> Int64 {
        guard let runColumns = shared["run"] else { throw StoreError.corruptRow("the input has no run table") }
        let list = runColumns.joined(separator: ", ")
        try db.execute(sql: "INSERT INTO main.run (\(list)) SELECT \(list) FROM src.run WHERE id = ?", arguments: [id])
        let newID = db.lastInsertedRowID
        for table in Self.tables {
            guard let columns = shared[table.name], !columns.isEmpty else { continue }
            let list = columns.joined(separator: ", "), selected = columns.map { "t.\($0)" }.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO main.\(table.name) (run_id, \(list)) SELECT ?, \(selected) FROM \(table.rows("src"))",
                           arguments: [newID, id])
        }
        return newID
    }

    /// What differs between source run `source` and main run `target` (nil: the same content).
    func difference(source: Int64, target: Int64) throws -> String? {
        let runColumns = Self.runContent.filter { shared["run"]?.contains($0) ?? false }.joined(separator: ", ")
        if try differ(columns: runColumns, from: "src.run t WHERE t.id = ?", "main.run t WHERE t.id = ?", source, target) {
            return "configuration (method, model, dataset, partition, config or seed)"
        }
        for table in Self.tables where !table.content.isEmpty {
            let columns = table.content.joined(separator: ", ")
            if try differ(columns: columns, from: table.rows("src"), table.rows("main"), source, target) {
                return table.noun
            }
        }
        return nil
    }

    /// True unless the two row sets (`FROM` clauses, each with one `?` for the run id) are equal.
    private func differ(columns: String, from a: String, _ b: String, _ idA: Int64, _ idB: Int64) throws -> Bool {
        let countA = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(a)", arguments: [idA]) ?? 0
        let countB = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(b)", arguments: [idB]) ?? 0
        if countA != countB { return true }
        let missing = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT \(columns) FROM \(a) EXCEPT SELECT \(columns) FROM \(b))",
                                       arguments: [idA, idB]) ?? 0
        return missing > 0
    }

    private static func columns(_ db: Database, schema: String, table: String) throws -> [String] {
        try Row.fetchAll(db, sql: "PRAGMA \(schema).table_info(\(table))").compactMap { $0["name"] as String? }
    }
}
