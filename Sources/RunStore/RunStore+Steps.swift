import Foundation
import GRDB
import MaskKit

extension RunStore {
    /// The run's steps in order.
    public func steps(of run: RunInfo) throws -> [StepInfo] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM step WHERE run_id = ? ORDER BY idx", arguments: [run.id]).map {
                StepInfo(index: $0["idx"], phase: $0["phase"], targetSparsity: $0["target_sparsity"],
                         sparsity: $0["sparsity"], createdAt: $0["created_at"])
            }
        }
    }

    /// One step; `index` nil means the latest.
    public func step(of run: RunInfo, index: Int? = nil) throws -> StepInfo {
        let all = try steps(of: run)
        guard let last = all.last else { throw StoreError.noSteps(run: run.name) }
        guard let index else { return last }
        guard let s = all.first(where: { $0.index == index }) else {
            throw StoreError.unknownStep(run: run.name, step: index, available: all.first!.index...last.index)
        }
        return s
    }

    /// Appends a step with all its masks, metrics and events in one transaction; a reader sees
    /// either none of it or all of it. The step's sparsity is computed from the masks.
    @discardableResult
    public func appendStep(_ write: StepWrite, to run: RunInfo) throws -> StepInfo {
        let layout = try checkedLayout(of: write, run: run)
        return try writing { db in
            let idx = (try Int.fetchOne(db, sql: "SELECT max(idx) FROM step WHERE run_id = ?", arguments: [run.id]) ?? -1) + 1
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
                           arguments: [run.id, idx, m.subnetwork, m.split, m.name, m.value])
        }
        for e in write.events {
            try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.id, idx, e.kind, e.detail, now])
        }
        return StepInfo(index: idx, phase: write.phase.rawValue, targetSparsity: write.targetSparsity, sparsity: sparsity, createdAt: now)
    }

    /// Every subnetwork's mask at a step, in subnetwork order.
    public func masks(of run: RunInfo, step: Int) throws -> [Mask] {
        let layout = try self.layout(of: run)
        let subs = try subnetworks(of: run)
        return try reading { db in
            var perSub = [[[UInt64]]](repeating: [], count: subs.count)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT subnetwork_idx, layer_idx, bits, ones FROM mask WHERE run_id = ? AND step_idx = ?
                ORDER BY subnetwork_idx, layer_idx
                """, arguments: [run.id, step])
            while let row = try rows.next() {
                let s: Int = row["subnetwork_idx"], l: Int = row["layer_idx"]
                guard subs.indices.contains(s), l == perSub[s].count, l < layout.tensors.count else {
                    throw StoreError.corruptRow("mask row (step \(step), subnetwork \(s), layer \(l)) out of order")
                }
                let t = layout.tensors[l]
                let data: Data = row["bits"]
                guard data.count == t.wordCount * 8 else {
                    throw StoreError.corruptRow("mask of layer '\(t.name)' has \(data.count) bytes, expected \(t.wordCount * 8)")
                }
                perSub[s].append(RunStore.words(data))
            }
            guard perSub.allSatisfy({ $0.count == layout.tensors.count }) else {
                throw StoreError.corruptRow("step \(step) of run '\(run.name)' is missing mask rows")
            }
            do { return try perSub.map { try Mask(layout: layout, tensorWords: $0) } } catch {
                throw StoreError.corruptRow("step \(step): \(error)")
            }
        }
    }

    /// Number of mask rows stored for a step (subnetworks × layers when complete).
    public func maskRowCount(of run: RunInfo, step: Int) throws -> Int {
        try reading { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM mask WHERE run_id = ? AND step_idx = ?", arguments: [run.id, step]) ?? 0
        }
    }

    /// Metrics of a run, optionally only of one name and split.
    public func metrics(of run: RunInfo, name: String? = nil, split: String? = nil) throws -> [MetricValue] {
        try reading { db in
            var sql = "SELECT * FROM metric WHERE run_id = ?"
            var args: [any DatabaseValueConvertible] = [run.id]
            if let name { sql += " AND name = ?"; args.append(name) }
            if let split { sql += " AND split = ?"; args.append(split) }
            sql += " ORDER BY step_idx, IFNULL(subnetwork_idx, -1), split, name"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map {
                MetricValue(step: $0["step_idx"], subnetwork: $0["subnetwork_idx"], split: $0["split"], name: $0["name"], value: $0["value"])
            }
        }
    }

    /// Records an event (step nil: not tied to a step).
    public func addEvent(_ kind: String, detail: String, step: Int?, run: RunInfo) throws {
        try writing { db in
            try db.execute(sql: "INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.id, step, kind, detail, RunStore.now()])
        }
    }

    /// The run's events in order.
    public func events(of run: RunInfo) throws -> [EventInfo] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE run_id = ? ORDER BY id", arguments: [run.id]).map {
                EventInfo(step: $0["step_idx"], kind: $0["kind"], detail: $0["detail"], at: $0["at"])
            }
        }
    }

    /// Stores (or replaces) a named checkpoint blob.
    public func putCheckpoint(_ name: String, data: Data, run: RunInfo) throws {
        try writing { db in
            try db.execute(sql: "INSERT OR REPLACE INTO checkpoint (run_id, name, blob, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [run.id, name, data, RunStore.now()])
        }
    }

    /// A named checkpoint blob, if stored.
    public func checkpoint(_ name: String, run: RunInfo) throws -> Data? {
        try reading { db in
            try Data.fetchOne(db, sql: "SELECT blob FROM checkpoint WHERE run_id = ? AND name = ?", arguments: [run.id, name])
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
            guard steps.contains(m.step) else { throw StoreError.unknownStep(run: run.name, step: m.step, available: steps.min().map { $0...steps.max()! }) }
            if let s = m.subnetwork, !(0..<subs).contains(s) { throw StoreError.invalidStep("metric for unknown subnetwork \(s)") }
        }
        try writing { db in
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
