import Reports
import Statistics
import StoreJSON

/// `compare --json`: the per-run table and the replicate statistics (docs/sweeps.md describes the keys).
struct CompareJSON: Encodable {
    struct Summary: Encodable {
        let mean: Double
        @Null var sd: Double?
        @Null var ci95: [Double]?
        let n: Int

        init(_ s: ReplicateSummary) {
            mean = s.mean; sd = s.sd; ci95 = s.ci95.map { [$0.lowerBound, $0.upperBound] }; n = s.n
        }
    }

    struct Level: Encodable {
        let sparsity: Double
        let metrics: [String: Summary]

        init(_ l: ReplicateLevel) { sparsity = l.sparsity; metrics = l.metrics.mapValues(Summary.init) }
    }

    struct Group: Encodable {
        let name: String, runs: [String], automatic: Bool, dropped_levels: [Double], levels: [Level]
        /// Mean total wall seconds and updates over the group's runs.
        @Null var wall_seconds: Summary?
        @Null var updates: Summary?
    }

    /// A run's recorded training cost (all null when it recorded none).
    struct Cost: Encodable {
        @Null var extract_seconds: Double?
        @Null var retrain_seconds: Double?
        @Null var total_seconds: Double?
        @Null var examples: Int64?
        @Null var updates: Int64?
        @Null var threads: Int?
        @Null var cpu: String?
    }

    struct Difference: Encodable {
        let a: String, b: String, seeds: [Int64], levels: [Level]
    }

    struct RunRow: Encodable {
        let name: String
        @Null var split: String?
        let params_source: String
        /// Metric → value per level (null where missing).
        let values: [String: [Double?]]
        let cost: Cost
    }

    let levels: [Double]
    let metrics: [String]
    let runs: [RunRow]
    let groups: [Group]
    let differences: [Difference]
    let notes: [String]
    let files: [String]

    init(table: ComparisonTable, replicates: ReplicateComparison, cost: CostTable, files: [String]) {
        levels = table.levels
        metrics = table.metrics
        runs = table.runs.enumerated().map { i, name in
            let c = cost.entries.first { $0.run == name }
            return RunRow(name: name, split: table.splits[i], params_source: table.paramsSource[i],
                          values: Dictionary(uniqueKeysWithValues: table.metrics.map { ($0, table.values[$0]?[i] ?? []) }),
                          cost: Cost(extract_seconds: c?.extractSeconds, retrain_seconds: c?.retrainSeconds, total_seconds: c?.totalSeconds,
                                     examples: c?.examples, updates: c?.updates, threads: c?.threads, cpu: c?.cpu))
        }
        groups = replicates.groups.map { g in
            let c = cost.groups.first { $0.group == g.group.name }
            return Group(name: g.group.name, runs: g.group.runs, automatic: g.group.automatic, dropped_levels: g.droppedLevels,
                         levels: g.levels.map(Level.init), wall_seconds: c?.totalSeconds.map(Summary.init), updates: c?.updates.map(Summary.init))
        }
        differences = replicates.differences.map { Difference(a: $0.a, b: $0.b, seeds: $0.seeds, levels: $0.levels.map(Level.init)) }
        notes = replicates.notes
        self.files = files
    }
}
