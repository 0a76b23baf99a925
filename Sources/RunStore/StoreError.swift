import Foundation

/// Errors of the run store; each description is one line that says what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// No file at `path` (a reading command needs an existing store).
    case missingDatabase(path: String)
    /// The file is not an SQLite database.
    case notSQLite(path: String)
    /// An SQLite database without TicketScope's `run` table.
    case notTicketScope(path: String)
    /// The file's schema version is newer than this build supports.
    case newerSchema(path: String, found: Int, supported: Int)
    /// No run of that name; `known` lists the store's runs.
    case unknownRun(name: String, known: [String])
    /// A run of that name already exists.
    case runExists(name: String)
    /// The run has no such step; `available` is its range of steps, nil when it has none.
    case unknownStep(run: String, step: Int, available: ClosedRange<Int>?)
    /// The run has no steps yet.
    case noSteps(run: String)
    /// A stored row that cannot be read as it should; says which.
    case corruptRow(String)
    /// A write refused because it would store invalid data (masks not matching the layout, a bad status or cost, ...); says why.
    case invalidStep(String)
    /// An SQLite error, with its message.
    case sqlite(String)
    /// `path` is a directory, not a store file.
    case isDirectory(path: String)
    /// The file has an SQLite header but SQLite finds it corrupt; `reason` is SQLite's message.
    case damaged(path: String, reason: String)
    /// A write needs the file and its directory writable, and they are not.
    case readOnlyLocation(path: String)
    /// A read-only file whose write-ahead log holds changes that cannot be applied where it is.
    case pendingLogReadOnly(path: String)
    /// Migrating the file to the current schema failed; the file is unchanged.
    case migrationFailed(path: String, from: Int, reason: String)
    /// A stored value of the wrong type or out of range: table, column, and where.
    case badValue(table: String, column: String, found: String, at: String)
    /// A step whose mask rows disagree with themselves or with the layout.
    case damagedStep(run: String, step: Int, subnetwork: String, layer: String, reason: String)
    /// Another live process writes the run.
    case leaseHeld(run: String, holder: LeaseHolder)
    /// This process's lease on the run was taken over (its heartbeat had stopped).
    case leaseLost(run: String, holder: LeaseHolder?)
    /// The run already has that step (an import without `--replace`).
    case stepExists(run: String, step: Int)
    /// Deleting a step other than the run's last, without `--force`.
    case notLastStep(run: String, step: Int, last: Int)

    /// One line saying what is wrong and what to do.
    public var description: String {
        switch self {
        case .missingDatabase(let p):
            return "no database at '\(p)' (create one with `ticketscope import --db \(p) ...`, or pass --db)"
        case .notSQLite(let p): return "'\(p)' is not an SQLite database"
        case .isDirectory(let p): return "'\(p)' is a directory; --db takes the store's file, e.g. \((p as NSString).appendingPathComponent("runs.sqlite"))"
        case .damaged(let p, let r):
            return "'\(p)' is a damaged SQLite database (\(r)); run `ticketscope verify --db \(p)` or restore a copy"
        case .readOnlyLocation(let p):
            return "'\(p)' or its directory is read-only; reading commands work on it, writing commands need write access"
        case .pendingLogReadOnly(let p):
            return "'\(p)' is in a read-only location and its write-ahead log '\(p)-wal' holds changes not yet in the file; open it once where it is writable (or copy both files)"
        case .migrationFailed(let p, let f, let r):
            return "cannot migrate '\(p)' from schema version \(f) to \(Schema.version): \(r) (the file is unchanged; `ticketscope verify --db \(p)` lists damaged rows)"
        case .badValue(let t, let c, let f, let at):
            return "corrupt store: \(t).\(c) holds \(f) at \(at)"
        case .damagedStep(let r, let s, let sub, let l, let why):
            return "damaged step: run '\(r)' step \(s) subnetwork '\(sub)' layer '\(l)': \(why) (`ticketscope verify` checks the whole store)"
        case .leaseHeld(let r, let h):
            return "run '\(r)' is being written by \(h) — one writer per run; wait for it or stop it"
        case .leaseLost(let r, let h):
            return "lost the write lease of run '\(r)'" + (h.map { " to \($0)" } ?? "") + "; stopping without writing"
        case .notTicketScope(let p): return "'\(p)' is an SQLite database but not a TicketScope store (it has no 'run' table)"
        case .newerSchema(let p, let f, let s):
            return "'\(p)' has schema version \(f), newer than the \(s) this TicketScope understands; upgrade TicketScope"
        case .unknownRun(let n, let known):
            return "no run named '\(n)'" + (known.isEmpty ? " (the database has no runs)" : " (runs: \(known.joined(separator: ", ")))")
        case .runExists(let n): return "a run named '\(n)' already exists"
        case .unknownStep(let r, let s, let a):
            return "run '\(r)' has no step \(s)" + (a.map { " (steps \($0.lowerBound)…\($0.upperBound))" } ?? "")
        case .noSteps(let r): return "run '\(r)' has no steps yet"
        case .corruptRow(let what): return "corrupt store: \(what)"
        case .invalidStep(let what): return "cannot write step: \(what)"
        case .sqlite(let m): return "SQLite error: \(m)"
        case .stepExists(let r, let s): return "run '\(r)' already has step \(s) (pass --replace to replace its masks)"
        case .notLastStep(let r, let s, let l):
            return "step \(s) is not the last step of run '\(r)' (that is \(l)); pass --force to delete it and leave a gap in the step numbers"
        }
    }
}
