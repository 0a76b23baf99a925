import Foundation
import GRDB
import MaskKit

extension RunStore {
    /// The run's steps in order.
    public func steps(of run: RunInfo) throws -> [StepInfo] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM step WHERE run_id = ? ORDER BY idx", arguments: [run.id]).enumerated().map { i, row in
                let at = "run '\(run.name)' step row \(i)"
                let index: Int = try row.field("idx", table: "step", at: at)
                let here = "run '\(run.name)' step \(index)"
                let sparsity = try row.finite("sparsity", table: "step", at: here)
                guard (0...1).contains(sparsity) else { throw StoreError.badValue(table: "step", column: "sparsity", found: "\(sparsity)", at: here) }
                let phase: String = try row.field("phase", table: "step", at: here)
                guard StepPhase(rawValue: phase) != nil else { throw StoreError.badValue(table: "step", column: "phase", found: "'\(phase)'", at: here) }
                return StepInfo(index: index, phase: phase, targetSparsity: try row.optionalField("target_sparsity", table: "step", at: here),
                                sparsity: sparsity, createdAt: try row.field("created_at", table: "step", at: here))
            }
        }
    }

    /// One step; `index` nil means the latest.
    public func step(of run: RunInfo, index: Int? = nil) throws -> StepInfo {
        let all = try steps(of: run)
        guard let first = all.first, let last = all.last else { throw StoreError.noSteps(run: run.name) }
        guard let index else { return last }
        guard let s = all.first(where: { $0.index == index }) else {
            throw StoreError.unknownStep(run: run.name, step: index, available: first.index...last.index)
        }
        return s
    }

    /// Appends a step with all its masks, metrics and events in one transaction; a reader sees
    /// either none of it or all of it. The step's sparsity is computed from the masks.
    @discardableResult
    public func appendStep(_ write: StepWrite, to run: RunInfo) throws -> StepInfo {
        let layout = try checkedLayout(of: write, run: run)
        return try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            let last = try Row.fetchOne(db, sql: "SELECT max(idx) AS m FROM step WHERE run_id = ?", arguments: [run.id])
            let idx = (try last?.optionalField("m", table: "step", at: "run '\(run.name)'") as Int? ?? -1) + 1
            return try RunStore.insertStep(write, index: idx, layout: layout, run: run, db: db)
        }
    }

    /// The run's layout, after checking that `write` fits the run (mask count and layouts, finite metrics).
    func checkedLayout(of write: StepWrite, run: RunInfo) throws -> MaskLayout {
        let layout = try self.layout(of: run)
        let subs = try subnetworks(of: run)
        guard write.masks.count == subs.count else {
            throw StoreError.invalidStep("\(write.masks.count) masks for \(subs.count) subnetworks")
        }
        guard write.masks.allSatisfy({ $0.layout == layout }) else {
            throw StoreError.invalidStep("a mask's layout differs from run '\(run.name)' layers")
        }
        for m in write.metrics {
            guard m.value.isFinite else { throw StoreError.invalidStep("metric '\(m.name)' is \(m.value)") }
            if let s = m.subnetwork, !subs.indices.contains(s) { throw StoreError.invalidStep("metric for unknown subnetwork \(s)") }
        }
        return layout
    }

    /// Inserts step `idx` (which must not exist) with its masks, metrics and events, inside the caller's transaction.
    static func insertStep(_ write: StepWrite, index idx: Int, layout: MaskLayout, run: RunInfo, db: Database) throws -> StepInfo {
        let sparsity = write.masks.map(\.sparsity).reduce(0, +) / Double(max(write.masks.count, 1))
        let now = RunStore.now()
        try db.execute(sql: "INSERT INTO step (run_id, idx, phase, target_sparsity, sparsity, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [run.id, idx, write.phase.rawValue, write.targetSparsity, sparsity, now])
        let insert = try db.makeStatement(sql: "INSERT INTO mask (run_id, step_idx, subnetwork_idx, layer_idx, bits, ones) VALUES (?, ?, ?, ?, ?, ?)")
        for (s, mask) in write.masks.enumerated() {
            for t in layout.tensors.indices {
                let data = RunStore.blob(mask.words(tensor: t))
                try insert.execute(arguments: [run.id, idx, s, t, data, mask.popcount(tensor: t)])
            }
        }
        for m in write.metrics {
            try db.execute(sql: "INSERT INTO metric (run_id, step_idx, subnetwork_idx, split, name, value) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [run.id, idx, m.subnetwork, m.split.rawValue, m.name.rawValue, m.value])
        }
        for e in write.events {
            try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.id, idx, e.kind.rawValue, e.detail, now])
        }
        return StepInfo(index: idx, phase: write.phase.rawValue, targetSparsity: write.targetSparsity, sparsity: sparsity, createdAt: now)
    }

    /// Every subnetwork's mask at a step, in subnetwork order, verified: every subnetwork × layer
    /// row present, each blob as long as its layer's words, padding bits zero and `ones` equal to the
    /// bits' popcount. A damaged step throws ``StoreError/damagedStep(run:step:subnetwork:layer:reason:)``.
    public func masks(of run: RunInfo, step: Int) throws -> [Mask] {
        let layout = try self.layout(of: run)
        let subs = try subnetworks(of: run)
        return try reading { db in try Self.verifiedMasks(db, run: run, step: step, layout: layout, subnetworks: subs) }
    }

    /// Number of mask rows stored for a step (subnetworks × layers when complete).
    public func maskRowCount(of run: RunInfo, step: Int) throws -> Int {
        try reading { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM mask WHERE run_id = ? AND step_idx = ?", arguments: [run.id, step]) ?? 0
        }
    }

    /// Metrics of a run, optionally only of one name (which may be a custom one) and split.
    public func metrics(of run: RunInfo, name: String? = nil, split: Split? = nil) throws -> [MetricValue] {
        try reading { db in
            var sql = "SELECT * FROM metric WHERE run_id = ?"
            var args: [any DatabaseValueConvertible] = [run.id]
            if let name { sql += " AND name = ?"; args.append(name) }
            if let split { sql += " AND split = ?"; args.append(split.rawValue) }
            sql += " ORDER BY step_idx, IFNULL(subnetwork_idx, -1), split, name"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                let step: Int = try row.field("step_idx", table: "metric", at: "run '\(run.name)'")
                let at = "run '\(run.name)' step \(step)"
                return MetricValue(step: step, subnetwork: try row.optionalField("subnetwork_idx", table: "metric", at: at),
                                   split: try row.field("split", table: "metric", at: at), name: try row.field("name", table: "metric", at: at),
                                   value: try row.finite("value", table: "metric", at: at))
            }
        }
    }

    /// Metrics of a run of one known metric, optionally only of one split.
    public func metrics(of run: RunInfo, metric: MetricName, split: Split? = nil) throws -> [MetricValue] {
        try metrics(of: run, name: metric.rawValue, split: split)
    }

    /// Records an event (step nil: not tied to a step).
    public func addEvent(_ kind: EventKind, detail: String, step: Int?, run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.id, step, kind.rawValue, detail, RunStore.now()])
        }
    }

    /// The run's events in order.
    public func events(of run: RunInfo) throws -> [EventInfo] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE run_id = ? ORDER BY id", arguments: [run.id]).map { row in
                let at = "run '\(run.name)' event"
                return EventInfo(step: try row.optionalField("step_idx", table: "event", at: at), kind: try row.field("kind", table: "event", at: at),
                                 detail: try row.field("detail", table: "event", at: at), at: try row.field("at", table: "event", at: at))
            }
        }
    }

    /// Stores (or replaces) the checkpoint blob `key` (stored under `key.rawValue`).
    public func putCheckpoint(_ key: CheckpointKey, data: Data, run: RunInfo) throws {
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            try db.execute(sql: "INSERT OR REPLACE INTO checkpoint (run_id, name, blob, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [run.id, key.rawValue, data, RunStore.now()])
        }
    }

    /// The checkpoint blob `key`, if stored.
    public func checkpoint(_ key: CheckpointKey, run: RunInfo) throws -> Data? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT blob FROM checkpoint WHERE run_id = ? AND name = ?", arguments: [run.id, key.rawValue])
                .map { try $0.field("blob", table: "checkpoint", at: "run '\(run.name)' checkpoint '\(key.rawValue)'") }
        }
    }

    /// Little-endian bytes of words.
    static func blob(_ words: ArraySlice<UInt64>) -> Data {
        #if _endian(little)
        return words.withUnsafeBytes { Data($0) }
        #else
        var data = Data(count: words.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (i, w) in words.enumerated() { raw.storeBytes(of: w.littleEndian, toByteOffset: i * 8, as: UInt64.self) }
        }
        return data
        #endif
    }

    /// Words from little-endian bytes (count a multiple of 8).
    static func words(_ data: Data) -> [UInt64] {
        data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}

extension RunStore {
    /// Stores metric values of existing steps in one transaction, replacing values with the same
    /// step, subnetwork, split and name. All values are checked before anything is written.
    public func putMetrics(_ values: [MetricValue], run: RunInfo) throws {
        let steps = Set(try self.steps(of: run).map(\.index))
        let subs = try subnetworks(of: run).count
        for m in values {
            guard m.value.isFinite else { throw StoreError.invalidStep("metric '\(m.name)' at step \(m.step) is \(m.value)") }
            guard steps.contains(m.step) else {
                throw StoreError.unknownStep(run: run.name, step: m.step, available: steps.min().flatMap { lo in steps.max().map { lo...$0 } })
            }
            if let s = m.subnetwork, !(0..<subs).contains(s) { throw StoreError.invalidStep("metric for unknown subnetwork \(s)") }
        }
        try writing { db in
            try holdLease(db, runID: run.id, runName: run.name)
            for m in values {
                try db.execute(sql: """
                    DELETE FROM metric WHERE run_id = ? AND step_idx = ? AND IFNULL(subnetwork_idx, -1) = ? AND split = ? AND name = ?
                    """, arguments: [run.id, m.step, m.subnetwork ?? -1, m.split, m.name])
                try db.execute(sql: "INSERT INTO metric (run_id, step_idx, subnetwork_idx, split, name, value) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [run.id, m.step, m.subnetwork, m.split, m.name, m.value])
            }
        }
    }
}

extension EventKind {
    /// Throws unless `text` is one of the kinds.
    static func check(_ text: String) throws {
        guard EventKind(rawValue: text) != nil else {
            throw StoreError.invalidStep("event kind '\(text)' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
