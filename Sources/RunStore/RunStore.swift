import Foundation
import GRDB
import MaskKit

/// One SQLite file holding runs, their layer layouts, subnetworks, and every mask, metric and event
/// of every sparsity step. Writers use WAL mode, so readers (a report made while training runs)
/// proceed concurrently and only ever see whole steps: a step is written in one transaction.
public final class RunStore {
    /// The database file.
    public let path: String
    private let db: any DatabaseWriter

    /// How to open a store.
    public enum Mode: Sendable {
        /// Read only; the file must exist.
        case read
        /// Read and write; the file is created (and the schema migrated) when missing.
        case write
    }

    /// Opens the store at `path`.
    public init(path: String, mode: Mode) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if mode == .read && !exists { throw StoreError.missingDatabase(path: path) }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        if mode == .read { config.readonly = true }
        // Switching a new file to WAL and creating the schema take locks SQLite does not wait for with
        // the busy handler, so a second process creating the same store at that moment gets "database
        // is locked": retry the whole opening for up to 10 s.
        db = try Self.open(path: path, mode: mode, configuration: config)
    }

    private static func open(path: String, mode: Mode, configuration config: Configuration) throws -> any DatabaseWriter {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                let db: any DatabaseWriter = mode == .read ? try DatabaseQueue(path: path, configuration: config)
                    : try DatabasePool(path: path, configuration: config)
                try checkSchema(db, path: path, mode: mode)
                return db
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            } catch let e as DatabaseError {
                throw RunStore.translate(e, path: path)
            }
        }
    }

    private static func checkSchema(_ db: any DatabaseWriter, path: String, mode: Mode) throws {
        let (version, hasRun, tableCount) = try db.read { db -> (Int, Bool, Int) in
            let v = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let run = try db.tableExists("run")
            // GRDB's own bookkeeping table appears first while another process creates the schema.
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name != 'grdb_migrations'") ?? 0
            return (v, run, n)
        }
        if version > Schema.version {
            throw StoreError.newerSchema(path: path, found: version, supported: Schema.version)
        }
        switch mode {
        case .read:
            guard hasRun else { throw StoreError.notTicketScope(path: path) }
            guard version == Schema.version else {
                throw StoreError.corruptRow("schema version \(version) needs migrating; open it once with a writing command")
            }
        case .write:
            if !hasRun && tableCount > 0 { throw StoreError.notTicketScope(path: path) }
            do { try Schema.migrator.migrate(db) } catch let error as DatabaseError {
                // Another process created the same store at the same moment: its schema is in place.
                let done = try db.read { db in try db.tableExists("run") && (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) == Schema.version }
                if !done { throw error }
            }
        }
    }

    static func translate(_ e: DatabaseError, path: String) -> StoreError {
        switch e.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notSQLite(path: path)
        case .SQLITE_CANTOPEN: return .missingDatabase(path: path)
        default: return .sqlite(e.message ?? "\(e)")
        }
    }

    /// Runs a read, turning SQLite errors into ``StoreError``.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read(body) } catch let e as DatabaseError { throw RunStore.translate(e, path: path) }
    }

    /// Runs a write transaction, turning SQLite errors into ``StoreError``.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.write(body) } catch let e as DatabaseError { throw RunStore.translate(e, path: path) }
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
