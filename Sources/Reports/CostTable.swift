import RunStore
import Statistics

/// What each compared run cost to train (table `run_cost`), and per replicate group its mean.
public struct CostTable: Sendable {
    /// One run's totals over its phases.
    public struct Entry: Sendable, Equatable {
        public let run: String
        public let method: String
        /// Wall seconds per phase; nil where the phase recorded nothing.
        public let extractSeconds: Double?, retrainSeconds: Double?
        public let examples: Int64?, updates: Int64?
        public let threads: Int?
        public let cpu: String?

        /// Extraction plus retraining (plus import) seconds; nil when nothing was recorded.
        public let totalSeconds: Double?
    }

    /// A group's mean cost over its runs that recorded one.
    public struct GroupEntry: Sendable, Equatable {
        public let group: String
        public let totalSeconds: ReplicateSummary?
        public let updates: ReplicateSummary?
    }

    public let entries: [Entry]
    public let groups: [GroupEntry]

    /// Reads the cost rows of `runs`; `groups` name runs among them.
    public static func build(store: RunStore, runs: [RunInfo], groups: [ReplicateGroup] = []) throws -> CostTable {
        let entries = try runs.map { r -> Entry in
            let costs = try store.costs(of: r)
            func seconds(_ p: CostPhase) -> Double? { costs.first { $0.phase == p }?.wallSeconds }
            func sum(_ values: [Int64?]) -> Int64? { values.contains { $0 != nil } ? values.compactMap { $0 }.reduce(0, +) : nil }
            return Entry(run: r.name, method: r.method, extractSeconds: seconds(.extract), retrainSeconds: seconds(.retrain),
                         examples: sum(costs.map(\.examples)), updates: sum(costs.map(\.updates)),
                         threads: costs.compactMap(\.threads).first, cpu: costs.compactMap(\.cpu).first,
                         totalSeconds: costs.isEmpty ? nil : costs.map(\.wallSeconds).reduce(0, +))
        }
        let byName = Dictionary(entries.map { ($0.run, $0) }, uniquingKeysWith: { a, _ in a })
        let groupEntries = try groups.map { g -> GroupEntry in
            let members = g.runs.compactMap { byName[$0] }
            let totals = members.compactMap(\.totalSeconds), updates = members.compactMap(\.updates).map(Double.init)
            return GroupEntry(group: g.name, totalSeconds: totals.isEmpty ? nil : try ReplicateSummary(totals),
                              updates: updates.isEmpty ? nil : try ReplicateSummary(updates))
        }
        return CostTable(entries: entries, groups: groupEntries)
    }

    /// True when some run recorded its cost.
    public var hasCosts: Bool { entries.contains { $0.totalSeconds != nil } }

    /// The per-run table (and, with groups, the groups' means ± half the 95 % interval).
    public var tables: [ReportTable] {
        let rows = entries.map { e -> [ReportText] in
            [ReportText(e.run), ReportText(e.method), ReportText(Self.duration(e.extractSeconds)), ReportText(Self.duration(e.retrainSeconds)),
             ReportText(Self.duration(e.totalSeconds)), ReportText(e.updates.map { Format.count(Double($0)) } ?? "–"),
             ReportText(e.examples.map { Format.count(Double($0)) } ?? "–"), ReportText(e.threads.map(String.init) ?? "–"), ReportText(e.cpu ?? "–")]
        }
        var tables = [ReportTable(header: ["Run", "Method", "Extraction", "Retraining", "Total", "Updates", "Examples", "Threads", "CPU"], rows: rows,
                                  alignment: [.left, .left, .right, .right, .right, .right, .right, .right, .left])]
        if groups.contains(where: { $0.totalSeconds != nil }) {
            tables.append(ReportTable(header: ["Group", "n", "Total wall time", "Updates"], rows: groups.map { g -> [ReportText] in
                [ReportText(g.group), "\(g.totalSeconds?.n ?? 0)", ReportText(g.totalSeconds.map { Self.summary($0, Self.duration) } ?? "–"),
                 ReportText(g.updates.map { Self.summary($0) { Format.count($0) } } ?? "–")]
            }, alignment: ReportTable.labelThenNumbers(4)))
        }
        return tables
    }

    private static func summary(_ s: ReplicateSummary, _ format: (Double?) -> String) -> String {
        format(s.mean) + (s.halfWidth.map { " ± " + format($0) } ?? "")
    }

    /// "12 min 5 s", "41.2 s"; "–" for nil.
    static func duration(_ seconds: Double?) -> String {
        guard let s = seconds else { return "–" }
        if s < 60 { return formatFixed(s, 1) + " s" }
        let total = Int(s.rounded())
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }
}
