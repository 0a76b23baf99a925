/// Errors of the run store; each description is one line that says what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case missingDatabase(path: String)
    case notSQLite(path: String)
    case notTicketScope(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case unknownRun(name: String, known: [String])
    case runExists(name: String)
    case unknownStep(run: String, step: Int, available: ClosedRange<Int>?)
    case noSteps(run: String)
    case corruptRow(String)
    case invalidStep(String)
    case sqlite(String)
    case stepExists(run: String, step: Int)
    case notLastStep(run: String, step: Int, last: Int)

    public var description: String {
        switch self {
        case .missingDatabase(let p):
            return "no database at '\(p)' (create one with `ticketscope import --db \(p) ...`, or pass --db)"
        case .notSQLite(let p): return "'\(p)' is not an SQLite database"
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
