import Foundation
import GRDB
import MaskKit
// The closed sets the store's columns hold (StepPhase, RunStatus, EventKind, CostPhase, RunMethod, Split,
// MetricName, CheckpointKey) are part of its API: every module that imports RunStore sees them.
@_exported import Vocabulary

/// One SQLite file holding runs, their layer layouts, subnetworks, and every mask, metric and event
/// of every sparsity step. Writers use WAL mode, so readers (a report made while training runs)
/// proceed concurrently and only ever see whole steps: a step is written in one transaction.
public final class RunStore {
    /// The database file.
    public let path: String
    let db: any DatabaseWriter

    /// How to open a store.
    public enum Mode: Sendable {
        /// Read only; the file must exist.
        case read
        /// Read and write; the file is created (and the schema migrated) when missing.
        case write
    }

    /// The schema version of the file as opened (1 for a version-1 store opened read-only; a
    /// writing open migrates to ``Schema/version``).
    public private(set) var schemaVersion = Schema.version
    /// True when the file could only be opened as an immutable snapshot (read-only file or directory).
    public private(set) var isSnapshot = false
    /// Leases this store holds, by run id (see RunStore+Lease.swift).
    var heldLeases: [Int64: LeaseToken] = [:]
    let leaseLock = NSLock()
    var heartbeat: DispatchSourceTimer?
    /// The command line recorded as a lease holder.
    public var writerCommand = CommandLine.arguments.enumerated()
        .map { $0.offset == 0 ? ($0.element as NSString).lastPathComponent : $0.element }.joined(separator: " ")
    /// Receives one-line notices (a stale lease taken over); the CLI prints them.
    public var notice: @Sendable (String) -> Void = { _ in }

    /// Opens the store at `path`.
    public init(path: String, mode: Mode) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw StoreError.isDirectory(path: path) }
        if mode == .read && !exists { throw StoreError.missingDatabase(path: path) }
        if exists, !StoreFile.hasSQLiteHeader(path) { throw StoreError.notSQLite(path: path) }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        if mode == .read { config.readonly = true }
        // Switching a new file to WAL and creating the schema take locks SQLite does not wait for with
        // the busy handler, so a second process creating the same store at that moment gets "database
        // is locked": retry the whole opening for up to 10 s.
        do {
            (db, schemaVersion) = try Self.open(path: path, mode: mode, configuration: config)
        } catch StoreError.readOnlyLocation where mode == .read {
            // A read-only file or directory: SQLite cannot create the -shm file WAL readers need, so
            // read the file as an immutable snapshot (only when no write-ahead log holds newer data).
            if StoreFile.hasPendingLog(path) { throw StoreError.pendingLogReadOnly(path: path) }
            (db, schemaVersion) = try Self.open(path: path, mode: mode, configuration: config, immutable: true)
            isSnapshot = true
        }
        if mode == .write { startHeartbeat() }
    }

    deinit {
        heartbeat?.cancel()
        releaseAllLeases()
    }

    private static func open(path: String, mode: Mode, configuration config: Configuration, immutable: Bool = false) throws -> (any DatabaseWriter, Int) {
        let deadline = Date().addingTimeInterval(10)
        let location = immutable ? StoreFile.immutableURI(path) : path
        while true {
            do {
                let db: any DatabaseWriter = mode == .read ? try DatabaseQueue(path: location, configuration: config)
                    : try DatabasePool(path: location, configuration: config)
                let version = try checkSchema(db, path: path, mode: mode)
                return (db, version)
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            } catch let e as DatabaseError {
                throw RunStore.translate(e, path: path)
            }
        }
    }

    /// Checks the file is a TicketScope store this build understands and returns its schema version;
    /// a writing open migrates it (and first repairs a `user_version` lost by `.dump | sqlite3`).
    private static func checkSchema(_ db: any DatabaseWriter, path: String, mode: Mode) throws -> Int {
        let (stored, recognised, hasRun, tableCount) = try db.read { db -> (Int, Int?, Bool, Int) in
            let v = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            // GRDB's own bookkeeping table appears first while another process creates the schema.
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name != 'grdb_migrations'") ?? 0
            return (v, try SchemaRecognition.version(of: db), try db.tableExists("run"), n)
        }
        if stored > Schema.version {
            throw StoreError.newerSchema(path: path, found: stored, supported: Schema.version)
        }
        // user_version 0 with TicketScope's tables: a dump restored with the sqlite3 shell.
        let version = stored == 0 ? recognised : stored
        switch mode {
        case .read:
            guard let version, hasRun else { throw StoreError.notTicketScope(path: path) }
            return version
        case .write:
            if version == nil && tableCount > 0 { throw StoreError.notTicketScope(path: path) }
            let tracked = try db.read { try $0.tableExists("grdb_migrations") }
            if let version, stored == 0 || !tracked {
                try db.write { try SchemaRecognition.markMigrated(upTo: version, db: $0) }
            }
            do { try Schema.migrator.migrate(db) } catch let error as DatabaseError {
                // Another process created the same store at the same moment: its schema is in place.
                let done = try db.read { db in try db.tableExists("run") && (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) == Schema.version }
                if !done {
                    if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED || error.resultCode == .SQLITE_READONLY { throw error }
                    throw StoreError.migrationFailed(path: path, from: version ?? 0, reason: error.message ?? "\(error)")
                }
            }
            return Schema.version
        }
    }

    static func translate(_ e: DatabaseError, path: String) -> StoreError {
        switch e.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return StoreFile.hasSQLiteHeader(path) ? .damaged(path: path, reason: e.message ?? "\(e)") : .notSQLite(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            if !FileManager.default.fileExists(atPath: path) { return .missingDatabase(path: path) }
            if !StoreFile.isWritableLocation(path) { return .readOnlyLocation(path: path) }
            return .sqlite(e.message ?? "\(e)")
        default: return .sqlite(e.message ?? "\(e)")
        }
    }

    /// Runs a read, turning SQLite errors into ``StoreError``.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        if let snapshotDatabase { return try translatingErrors { try body(snapshotDatabase) } }
        return try translatingErrors { try db.read(body) }
    }

    /// The open read transaction of ``snapshot(_:)``, which every read inside it uses.
    private var snapshotDatabase: Database?

    /// Runs `body` with every read of this store inside one read transaction, so that all of them see
    /// the same committed state: a page built from several queries while a training run writes shows
    /// whole steps only, never a step whose masks or metrics arrived between two queries.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if snapshotDatabase != nil { return try body() }
        return try translatingErrors {
            try db.read { database in
                snapshotDatabase = database
                defer { snapshotDatabase = nil }
                return try body()
            }
        }
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError { throw RunStore.translate(e, path: path) }
    }

    /// Runs a write transaction, turning SQLite errors into ``StoreError``.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.write(body) } catch let e as DatabaseError { throw RunStore.translate(e, path: path) }
    }

    /// Copies committed transactions from the write-ahead log into the main file as far as readers
    /// allow (a passive checkpoint: it never waits), so a lost `-wal` file costs as little as possible.
    public func checkpointLog() throws {
        do { try db.writeWithoutTransaction { try $0.checkpoint(.passive) } } catch let e as DatabaseError { throw RunStore.translate(e, path: path) }
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
