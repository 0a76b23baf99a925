import Reports
import Statistics

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
    }

    let levels: [Double]
    let metrics: [String]
    let runs: [RunRow]
    let groups: [Group]
    let differences: [Difference]
    let notes: [String]
    let files: [String]

    init(table: ComparisonTable, replicates: ReplicateComparison, files: [String]) {
        levels = table.levels
        metrics = table.metrics
        runs = table.runs.enumerated().map { i, name in
            RunRow(name: name, split: table.splits[i], params_source: table.paramsSource[i],
                   values: Dictionary(uniqueKeysWithValues: table.metrics.map { ($0, table.values[$0]?[i] ?? []) }))
        }
        groups = replicates.groups.map {
            Group(name: $0.group.name, runs: $0.group.runs, automatic: $0.group.automatic, dropped_levels: $0.droppedLevels, levels: $0.levels.map(Level.init))
        }
        differences = replicates.differences.map { Difference(a: $0.a, b: $0.b, seeds: $0.seeds, levels: $0.levels.map(Level.init)) }
        notes = replicates.notes
        self.files = files
    }
}
