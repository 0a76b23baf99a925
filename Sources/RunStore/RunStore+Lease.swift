import Foundation
import GRDB

/// The process writing a run, as its `lease` row records it.
public struct LeaseHolder: Sendable, Equatable, CustomStringConvertible {
    /// The writer's process id (on `host`).
    public let pid: Int32
    /// The host name of the writer's machine.
    public let host: String
    /// The writer's command line.
    public let command: String
    /// When it took the lease (ISO 8601 UTC).
    public let startedAt: String
    /// Its last heartbeat (ISO 8601 UTC); a lease silent for ``RunStore/staleAfter`` seconds is abandoned.
    public let heartbeatAt: String

    /// One line naming the writer: pid, host, command and start time.
    public var description: String { "pid \(pid) on \(host) (`\(command)`, since \(startedAt))" }
}

/// This store's claim on a run's lease: the row it wrote.
struct LeaseToken: Equatable {
    let pid: Int32
    let host: String
    let startedAt: String
}

/// One writer per run (docs/schema.md, table `lease`): every write to a run happens while this
/// store holds the run's lease row, taken inside the write transaction (`BEGIN IMMEDIATE`), so two
/// processes can never both write steps of one run. A lease whose holder is gone (same host, pid no
/// longer running) or silent (no heartbeat for ``RunStore/staleAfter`` seconds) is taken over and
/// an event of kind `lease_takeover` records it.
extension RunStore {
    /// Seconds without a heartbeat after which a lease counts as abandoned.
    public static let staleAfter: TimeInterval = 60
    /// Seconds between heartbeats while this store holds a lease.
    static let heartbeatInterval: TimeInterval = 5

    /// Takes the run's lease for this store (or confirms it holds it). Returns the previous holder
    /// when a stale lease was taken over; throws ``StoreError/leaseHeld(run:holder:)`` when a live
    /// process holds it.
    @discardableResult
    public func acquireLease(run: RunInfo) throws -> LeaseHolder? {
        var previous: LeaseHolder?
        try writing { db in previous = try holdLease(db, runID: run.id, runName: run.name) }
        return previous
    }

    /// Gives up the run's lease (nothing happens when this store does not hold it).
    public func releaseLease(run: RunInfo) {
        leaseLock.lock()
        let token = heldLeases.removeValue(forKey: run.id)
        leaseLock.unlock()
        guard let token else { return }
        try? writing { db in try Self.deleteLease(db, runID: run.id, token: token) }
    }

    /// The live or stale holder of a run's lease, if any row exists.
    public func leaseHolder(of run: RunInfo) throws -> LeaseHolder? {
        try reading { db in
            guard try db.tableExists("lease") else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE run_id = ?", arguments: [run.id]).map(Self.leaseHolder)
        }
    }

    /// The live holder of a run's lease when it is another process (or another store of this one):
    /// a writer that would be refused. Stale leases count as free.
    public func liveLeaseHolder(of run: RunInfo) throws -> LeaseHolder? {
        try reading { db in try db.tableExists("lease") ? try foreignLiveHolder(db, runID: run.id) : nil }
    }

    /// Inside a write transaction: makes sure this store holds the run's lease, taking it when
    /// free or stale, and refreshes its heartbeat. Every write to a run's rows calls it first.
    @discardableResult
    func holdLease(_ db: Database, runID: Int64, runName: String) throws -> LeaseHolder? {
        let now = RunStore.now()
        leaseLock.lock()
        let mine = heldLeases[runID]
        leaseLock.unlock()
        let row = try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE run_id = ?", arguments: [runID])
        let holder = try row.map(Self.leaseHolder)
        if let mine {
            guard let holder, holder.pid == mine.pid, holder.host == mine.host, holder.startedAt == mine.startedAt else {
                leaseLock.lock(); heldLeases[runID] = nil; leaseLock.unlock()
                throw StoreError.leaseLost(run: runName, holder: holder)
            }
            try db.execute(sql: "UPDATE lease SET heartbeat_at = ? WHERE run_id = ?", arguments: [now, runID])
            return nil
        }
        var takenOver: LeaseHolder?
        if let holder {
            guard let why = Self.staleness(of: holder) else { throw StoreError.leaseHeld(run: runName, holder: holder) }
            try db.execute(sql: "DELETE FROM lease WHERE run_id = ?", arguments: [runID])
            try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, NULL, ?, ?, ?)",
                           arguments: [runID, EventKind.leaseTakeover.rawValue, "took over the lease of \(holder): \(why)", now])
            notice("run '\(runName)': took over the write lease of \(holder): \(why)")
            takenOver = holder
        }
        let token = LeaseToken(pid: getpid(), host: Self.hostName, startedAt: now)
        try db.execute(sql: "INSERT INTO lease (run_id, pid, host, command, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [runID, token.pid, token.host, writerCommand, now, now])
        leaseLock.lock(); heldLeases[runID] = token; leaseLock.unlock()
        return takenOver
    }

    /// The live holder of a run's lease when it is not this store.
    func foreignLiveHolder(_ db: Database, runID: Int64) throws -> LeaseHolder? {
        leaseLock.lock()
        let mine = heldLeases[runID] != nil
        leaseLock.unlock()
        guard !mine, let row = try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE run_id = ?", arguments: [runID]) else { return nil }
        let holder = try Self.leaseHolder(row)
        return Self.staleness(of: holder) == nil ? holder : nil
    }

    /// Why a holder's lease is abandoned, or nil while it is live.
    static func staleness(of holder: LeaseHolder) -> String? {
        if holder.host == hostName, kill(holder.pid, 0) != 0, errno == ESRCH { return "that process is no longer running" }
        guard let beat = ISO8601DateFormatter().date(from: holder.heartbeatAt) else { return "its heartbeat '\(holder.heartbeatAt)' is not a time" }
        let silent = Date().timeIntervalSince(beat)
        return silent > staleAfter ? "no heartbeat for \(Int(silent)) s" : nil
    }

    static func leaseHolder(_ row: Row) throws -> LeaseHolder {
        let at = "lease row"
        return LeaseHolder(pid: Int32(clamping: try row.field("pid", table: "lease", at: at) as Int64),
                           host: try row.field("host", table: "lease", at: at), command: try row.field("command", table: "lease", at: at),
                           startedAt: try row.field("started_at", table: "lease", at: at), heartbeatAt: try row.field("heartbeat_at", table: "lease", at: at))
    }

    static func deleteLease(_ db: Database, runID: Int64, token: LeaseToken) throws {
        try db.execute(sql: "DELETE FROM lease WHERE run_id = ? AND pid = ? AND host = ? AND started_at = ?",
                       arguments: [runID, token.pid, token.host, token.startedAt])
    }

    static let hostName: String = ProcessInfo.processInfo.hostName

    /// Refreshes the heartbeat of every held lease every few seconds, on a background queue.
    func startHeartbeat() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + Self.heartbeatInterval, repeating: Self.heartbeatInterval)
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
        heartbeat = timer
    }

    private func beat() {
        leaseLock.lock()
        let held = heldLeases
        leaseLock.unlock()
        guard !held.isEmpty else { return }
        let now = RunStore.now()
        try? writing { db in
            for (id, token) in held {
                try db.execute(sql: "UPDATE lease SET heartbeat_at = ? WHERE run_id = ? AND pid = ? AND host = ? AND started_at = ?",
                               arguments: [now, id, token.pid, token.host, token.startedAt])
            }
        }
    }

    /// Gives up every held lease (on close, and before a signal ends the process).
    public func releaseAllLeases() {
        leaseLock.lock()
        let held = heldLeases
        heldLeases = [:]
        leaseLock.unlock()
        guard !held.isEmpty else { return }
        try? writing { db in for (id, token) in held { try Self.deleteLease(db, runID: id, token: token) } }
    }
}
