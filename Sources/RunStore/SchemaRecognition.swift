import GRDB

/// Recognises TicketScope's tables by their names and columns, so a store whose `user_version` was
/// lost (`sqlite3 a.sqlite .dump | sqlite3 b.sqlite` writes none) is still read, and repaired by
/// the next writing open.
enum SchemaRecognition {
    /// Table name → column names of each schema version, taken from the migrations themselves.
    static let versions: [(version: Int, tables: [String: [String]])] = {
        func tables(upTo migration: String) -> [String: [String]] {
            guard let queue = try? DatabaseQueue(),
                  (try? Schema.migrator.migrate(queue, upTo: migration)) != nil,
                  let found = try? queue.read({ try columns(of: $0) }) else { return [:] }
            return found
        }
        return [(2, tables(upTo: "v2")), (1, tables(upTo: "v1"))]
    }()

    /// Every table of the file (other than SQLite's and GRDB's own) with its column names.
    static func columns(of db: Database) throws -> [String: [String]] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
            """)
        var result: [String: [String]] = [:]
        for name in names {
            result[name] = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name]).compactMap { $0[0] as String? }
        }
        return result
    }

    /// The schema version whose tables all exist in the file with exactly their columns (other
    /// tables a user added are ignored), or nil.
    static func version(of db: Database) throws -> Int? {
        let found = try columns(of: db)
        return versions.first { v in !v.tables.isEmpty && v.tables.allSatisfy { found[$0.key] == $0.value } }?.version
    }

    /// Records that the migrations up to `version` are applied (GRDB's table and `user_version`),
    /// for a file whose tables are already that version's.
    static func markMigrated(upTo version: Int, db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM grdb_migrations")
        for v in 1...version { try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: ["v\(v)"]) }
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }
}
