import RunStore
import Statistics

/// One sparsity level of a group (or of a paired difference): every metric summarised over runs.
public struct ReplicateLevel: Sendable, Equatable {
    public let sparsity: Double
    /// Metric name → summary over the runs that have a value there.
    public let metrics: [String: ReplicateSummary]
}

/// A group's summaries at the sparsity levels all of its runs reached.
public struct GroupSummary: Sendable, Equatable {
    public let group: ReplicateGroup
    /// Each run's seed, in the group's run order.
    public let seeds: [Int64?]
    public let levels: [ReplicateLevel]
    /// Levels some but not all of its runs have, left out.
    public let droppedLevels: [Double]
}

/// Differences a − b between two groups, run by run matched by seed.
public struct PairedDifference: Sendable, Equatable {
    public let a: String
    public let b: String
    /// The seeds both groups have, ascending.
    public let seeds: [Int64]
    /// Levels both groups have.
    public let levels: [ReplicateLevel]
}

/// Replicate statistics for a comparison: per group, level and metric the mean, sample standard
/// deviation and 95 % Student-t interval of the mean; paired differences between groups.
public struct ReplicateComparison: Sendable, Equatable {
    /// Metrics in table order (as ``ComparisonTable/metrics``).
    public let metrics: [String]
    public let groups: [GroupSummary]
    public let differences: [PairedDifference]
    /// What a reader must know: automatic grouping, groups of one run, dropped levels, unmatched seeds.
    public let notes: [String]

    /// Summarises `groups` (each run name must be in `table`).
    public static func build(table: ComparisonTable, runs: [RunInfo], groups: [ReplicateGroup]) throws -> ReplicateComparison {
        var notes: [String] = []
        let index = Dictionary(uniqueKeysWithValues: table.runs.enumerated().map { ($1, $0) })
        let info = Dictionary(uniqueKeysWithValues: runs.map { ($0.name, $0) })
        var summaries: [GroupSummary] = []
        for group in groups {
            let rows = group.runs.compactMap { index[$0] }
            // A run has a step at a level exactly when #params is known there.
            let present = table.levels.indices.filter { li in rows.contains { table.values[MetricName.params.rawValue]?[$0][li] != nil } }
            let common = present.filter { li in rows.allSatisfy { table.values[MetricName.params.rawValue]?[$0][li] != nil } }
            let dropped = present.filter { !common.contains($0) }.map { table.levels[$0] }
            if group.automatic {
                notes.append("'\(group.name)': runs \(group.runs.joined(separator: ", ")) differ only by seed, so they were grouped automatically")
            }
            if group.runs.count == 1 {
                notes.append("'\(group.name)' has one run: its values have no spread and no interval")
            }
            if !dropped.isEmpty {
                notes.append("'\(group.name)': its runs have different sparsity schedules; only the levels all of them reached are compared (dropped \(dropped.map(percent).joined(separator: ", ")))")
            }
            let levels = try common.map { li in
                ReplicateLevel(sparsity: table.levels[li], metrics: try summarise(table.metrics) { m in rows.compactMap { table.values[m]?[$0][li] } })
            }
            summaries.append(GroupSummary(group: group, seeds: group.runs.map { info[$0]?.seed }, levels: levels, droppedLevels: dropped))
        }
        var differences: [PairedDifference] = []
        for (i, a) in summaries.enumerated() {
            for b in summaries[(i + 1)...] {
                let seedsA = Dictionary(zip(a.seeds, a.group.runs).compactMap { s, r in s.map { ($0, r) } }, uniquingKeysWith: { x, _ in x })
                let seedsB = Dictionary(zip(b.seeds, b.group.runs).compactMap { s, r in s.map { ($0, r) } }, uniquingKeysWith: { x, _ in x })
                let shared = Set(seedsA.keys).intersection(seedsB.keys).sorted()
                guard !shared.isEmpty else {
                    notes.append("'\(a.group.name)' and '\(b.group.name)' share no seed, so there are no paired differences between them")
                    continue
                }
                let levelsA = Set(a.levels.map(\.sparsity)), levelsB = Set(b.levels.map(\.sparsity))
                let both = levelsA.intersection(levelsB).sorted()
                let only = levelsA.symmetricDifference(levelsB).sorted()
                if !only.isEmpty {
                    notes.append("'\(a.group.name)' − '\(b.group.name)': levels \(only.map(percent).joined(separator: ", ")) are not in both groups and were dropped")
                }
                let levels = try both.compactMap { level -> ReplicateLevel? in
                    guard let li = table.levels.firstIndex(of: level) else { return nil }
                    return ReplicateLevel(sparsity: level, metrics: try summarise(table.metrics) { m in
                        shared.compactMap { seed -> Double? in
                            guard let ra = seedsA[seed].flatMap({ index[$0] }), let rb = seedsB[seed].flatMap({ index[$0] }),
                                  let x = table.values[m]?[ra][li], let y = table.values[m]?[rb][li] else { return nil }
                            return x - y
                        }
                    })
                }
                differences.append(PairedDifference(a: a.group.name, b: b.group.name, seeds: shared, levels: levels))
            }
        }
        return ReplicateComparison(metrics: table.metrics, groups: summaries, differences: differences, notes: notes)
    }

    /// Summaries of the metrics that have at least one value.
    private static func summarise(_ metrics: [String], _ values: (String) -> [Double]) throws -> [String: ReplicateSummary] {
        var result: [String: ReplicateSummary] = [:]
        for m in metrics {
            let v = values(m)
            if !v.isEmpty { result[m] = try ReplicateSummary(v) }
        }
        return result
    }

    static func percent(_ level: Double) -> String { formatFixed(level * 100, 0) + "%" }
}
