import Statistics
import Vocabulary

/// The tables of a ``ReplicateComparison``: one row per level and group, each cell mean ± half the
/// 95 % interval; paired differences as mean [low, high].
extension ReplicateComparison {
    static let titles = Dictionary(uniqueKeysWithValues: ([.psnr, .siSNRi, .balancedAccuracy, .precision, .recall, .params] as [MetricName]).map { ($0.rawValue, $0.title) })

    /// The metrics some group or difference has a value of (the tables' columns).
    var shownMetrics: [String] {
        metrics.filter { m in groups.contains { $0.levels.contains { $0.metrics[m] != nil } } }
    }

    /// The groups' table.
    public var groupTable: ReportTable {
        let metrics = shownMetrics
        var rows: [[ReportText]] = []
        let levels = Set(groups.flatMap { $0.levels.map(\.sparsity) }).sorted()
        for level in levels {
            for g in groups {
                guard let l = g.levels.first(where: { $0.sparsity == level }) else { continue }
                let n = l.metrics.values.map(\.n).max() ?? 0
                rows.append([ReportText(Self.percent(level)), ReportText(g.group.name), "\(n)"] + metrics.map { m in ReportText(l.metrics[m].map { Self.cell($0, m) } ?? "–") })
            }
        }
        return ReportTable(header: ["Sparsity", "Group", "n"] + metrics.map { Self.titles[$0] ?? $0 }, rows: rows,
                           alignment: [.right, .left, .right] + metrics.map { _ in .right })
    }

    /// The paired differences' table (nil when there are none).
    public var differenceTable: ReportTable? {
        guard !differences.isEmpty else { return nil }
        let metrics = shownMetrics
        var rows: [[ReportText]] = []
        for d in differences {
            for l in d.levels {
                let n = l.metrics.values.map(\.n).max() ?? 0
                rows.append([ReportText(Self.percent(l.sparsity)), ReportText("\(d.a) − \(d.b)"), "\(n)"]
                            + metrics.map { m in ReportText(l.metrics[m].map { Self.interval($0, m) } ?? "–") })
            }
        }
        return ReportTable(header: ["Sparsity", "Difference", "pairs"] + metrics.map { (Self.titles[$0] ?? $0).replacingOccurrences(of: " ↑", with: "").replacingOccurrences(of: " ↓", with: "") },
                           rows: rows, alignment: [.right, .left, .right] + metrics.map { _ in .right })
    }

    /// "0.812 ± 0.010", or the value alone for one run.
    static func cell(_ s: ReplicateSummary, _ metric: String) -> String {
        let value = format(s.mean, metric)
        guard let half = s.halfWidth else { return value }
        return value + " ± " + format(half, metric)
    }

    /// "+0.012 [−0.003, 0.027]", or the difference alone for one pair.
    static func interval(_ s: ReplicateSummary, _ metric: String) -> String {
        let value = (s.mean > 0 ? "+" : "") + format(s.mean, metric)
        guard let ci = s.ci95 else { return value }
        return value + " [" + format(ci.lowerBound, metric) + ", " + format(ci.upperBound, metric) + "]"
    }

    private static func format(_ x: Double, _ metric: String) -> String {
        switch metric {
        case MetricName.params.rawValue: return abs(x) >= 1e3 ? (x < 0 ? "-" : "") + Format.count(abs(x)) : formatFixed(x, 0)
        case MetricName.psnr.rawValue, MetricName.siSNRi.rawValue: return formatFixed(x, 2)
        default: return formatFixed(x, 3)
        }
    }
}

extension ReplicateComparison {
    /// Adds the report's "Replicates" section: groups, both tables, notes.
    func addSection(to doc: inout ReportDocument) {
        doc.heading("Replicates")
        doc.paragraph("Per group and sparsity level: mean over its runs ± half the 95 % Student-t interval of the mean (n − 1 degrees "
            + "of freedom); n is the number of runs.")
        doc.list(groups.map { g in
            "\(strong: g.group.name)\(g.group.automatic ? " (grouped automatically: same configuration, different seeds)" : ""): "
                + ReportText.joined(g.group.runs.map { .code($0) }, separator: ", ")
        })
        doc.table(groupTable)
        if let differenceTable {
            doc.heading("Paired differences", level: 3)
            doc.paragraph("Run by run matched by seed: mean of the differences and its 95 % Student-t interval "
                + "[low, high]; an interval that excludes 0 is a difference beyond seed noise.")
            doc.table(differenceTable)
        }
        doc.list(notes.map { ReportText($0) })
    }
}
