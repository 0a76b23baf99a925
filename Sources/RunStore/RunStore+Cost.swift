import GRDB

/// What one phase of a run cost (table `run_cost`): wall time, work done, and on what.
public struct RunCost: Sendable, Equatable {
    /// The phase this row costs.
    public var phase: CostPhase
    /// Wall-clock seconds spent in the phase, summed over every session (a resumed run adds to it).
    public var wallSeconds: Double
    /// Training examples seen (images, pixels, mixtures), counting repeats.
    public var examples: Int64?
    /// Optimiser updates.
    public var updates: Int64?
    /// Threads used (of the last session).
    public var threads: Int?
    /// CPU model (of the last session).
    public var cpu: String?

    /// The cost of `phase`; the work counts and machine are optional.
    public init(phase: CostPhase, wallSeconds: Double, examples: Int64? = nil, updates: Int64? = nil, threads: Int? = nil, cpu: String? = nil) {
        self.phase = phase; self.wallSeconds = wallSeconds; self.examples = examples; self.updates = updates
        self.threads = threads; self.cpu = cpu
    }
}

extension RunStore {
    /// Adds `cost` to the run's row for its phase (creating it): seconds, examples and updates are
    /// summed, threads and CPU replaced. Needs the run's lease, like every write to a run.
    public func addCost(_ cost: RunCost, run: RunInfo) throws {
        guard cost.wallSeconds.isFinite, cost.wallSeconds >= 0 else {
            throw StoreError.invalidStep("run cost wall seconds \(cost.wallSeconds) is not a finite non-negative number")
        }
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: """
                INSERT INTO run_cost (run_id, phase, wall_seconds, examples, updates, threads, cpu) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, phase) DO UPDATE SET wall_seconds = wall_seconds + excluded.wall_seconds,
                    examples = CASE WHEN excluded.examples IS NULL THEN examples ELSE IFNULL(examples, 0) + excluded.examples END,
                    updates = CASE WHEN excluded.updates IS NULL THEN updates ELSE IFNULL(updates, 0) + excluded.updates END,
                    threads = IFNULL(excluded.threads, threads), cpu = IFNULL(excluded.cpu, cpu)
                """, arguments: [run.id, cost.phase.rawValue, cost.wallSeconds, cost.examples, cost.updates, cost.threads, cost.cpu])
        }
    }

    /// The run's cost rows in phase order (none for a version-1 store or a run that recorded none).
    public func costs(of run: RunInfo) throws -> [RunCost] {
        try reading { db in
            guard try db.tableExists("run_cost") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM run_cost WHERE run_id = ?", arguments: [run.id]).map { row in
                let at = "run '\(run.name)' cost row"
                let text: String = try row.field("phase", table: "run_cost", at: at)
                guard let phase = CostPhase(rawValue: text) else { throw StoreError.badValue(table: "run_cost", column: "phase", found: "'\(text)'", at: at) }
                let seconds = try row.finite("wall_seconds", table: "run_cost", at: at)
                guard seconds >= 0 else { throw StoreError.badValue(table: "run_cost", column: "wall_seconds", found: "\(seconds)", at: at) }
                return RunCost(phase: phase, wallSeconds: seconds, examples: try row.optionalField("examples", table: "run_cost", at: at),
                               updates: try row.optionalField("updates", table: "run_cost", at: at),
                               threads: try row.optionalField("threads", table: "run_cost", at: at), cpu: try row.optionalField("cpu", table: "run_cost", at: at))
            }.sorted { (CostPhase.allCases.firstIndex(of: $0.phase) ?? 0) < (CostPhase.allCases.firstIndex(of: $1.phase) ?? 0) }
        }
    }
}
