import MaskKit
import RunStore

/// The paper's Table 1 for several runs: balanced accuracy, precision, recall and #params at each
/// sparsity level, macro-averaged over subnetworks.
public struct ComparisonTable: Sendable {
    /// Sparsity levels (columns), ascending.
    public let levels: [Double]
    public let runs: [String]
    /// `values[metric][run][level]`, nil where the run has no value.
    public let values: [String: [[Double?]]]
    /// Which split metrics were read from, per run (nil: none).
    public let splits: [String?]
    /// How #params was obtained, per run.
    public let paramsSource: [String]

    /// Metrics in table order; higher is better except for params.
    public let metrics: [String]
    /// The classification table's metrics (paper Table 1).
    public static let classificationMetrics = ([.balancedAccuracy, .precision, .recall, .params] as [MetricName]).map(\.rawValue)
    /// The other experiments' metrics: PSNR (INR, paper Table 2) or SI-SNRi (speech, Table 3), and #params.
    public static let reconstructionMetrics = [MetricName.psnr.rawValue, MetricName.params.rawValue]
    /// The speech experiment's metrics: SI-SNRi (Table 3) and #params.
    public static let enhancementMetrics = [MetricName.siSNRi.rawValue, MetricName.params.rawValue]

    /// Builds the table. Levels are the target sparsities of each run's `retrain`/`final` steps
    /// when it has any, else of all its steps (their actual sparsity when no target is stored),
    /// rounded to 0.01 and matched across runs. For a level with several steps the last one counts.
    public static func build(store: RunStore, runs: [RunInfo]) throws -> ComparisonTable {
        var perRun: [[Double: StepInfo]] = []
        for r in runs {
            let steps = try store.steps(of: r)
            let final = steps.filter { $0.stepPhase?.isRetrained == true }
            var byLevel: [Double: StepInfo] = [:]
            for s in (final.isEmpty ? steps : final) { byLevel[level(s.targetSparsity ?? s.sparsity)] = s }
            perRun.append(byLevel)
        }
        let levels = Set(perRun.flatMap(\.keys)).sorted()
        let recorded = Set(try runs.flatMap { try store.metrics(of: $0).map(\.name) })
        let metrics = recorded.contains(MetricName.balancedAccuracy.rawValue) ? classificationMetrics
            : recorded.contains(MetricName.psnr.rawValue) ? reconstructionMetrics
            : recorded.contains(MetricName.siSNRi.rawValue) ? enhancementMetrics : classificationMetrics
        var values: [String: [[Double?]]] = [:]
        for m in metrics { values[m] = Array(repeating: Array(repeating: nil, count: levels.count), count: runs.count) }
        var splits: [String?] = [], sources: [String] = []
        for (ri, r) in runs.enumerated() {
            let all = try store.metrics(of: r)
            let split = Split.resultPreference.map(\.rawValue).first { s in all.contains { $0.split == s && metrics.dropLast().contains($0.name) } }
            splits.append(split)
            let storedParams = all.contains { $0.metric == .params && $0.subnetwork == nil }
            sources.append(storedParams ? "stored" : (RunMethod.separateModels(r.method) ? "sum of masks" : "union of masks"))
            for (li, l) in levels.enumerated() {
                guard let step = perRun[ri][l] else { continue }
                for m in metrics.dropLast() {
                    let run = all.first { $0.step == step.index && $0.subnetwork == nil && $0.split == split && $0.name == m }
                    let per = all.filter { $0.step == step.index && $0.subnetwork != nil && $0.split == split && $0.name == m }
                    values[m]![ri][li] = run?.value ?? (per.isEmpty ? nil : per.map(\.value).reduce(0, +) / Double(per.count))
                }
                if let p = all.first(where: { $0.step == step.index && $0.subnetwork == nil && $0.metric == .params }) {
                    values[MetricName.params.rawValue]![ri][li] = p.value
                } else {
                    let masks = try store.masks(of: r, step: step.index)
                    values[MetricName.params.rawValue]![ri][li] = Double(RunMethod.separateModels(r.method) ? masks.map(\.popcount).reduce(0, +) : try Mask.unionCount(masks))
                }
            }
        }
        return ComparisonTable(levels: levels, runs: runs.map(\.name), values: values, splits: splits, paramsSource: sources, metrics: metrics)
    }

    static func level(_ s: Double) -> Double { (s * 100).rounded() / 100 }

    /// The table in the paper's layout (metrics × sparsity levels as columns, runs as rows), best value
    /// per column in bold (highest; lowest for #params). With more than four levels that layout gets too
    /// wide to read, so the table turns long: one row per level and run, best per level in bold.
    public var table: ReportTable { levels.count <= 4 ? wide : long }

    private static let titles = Dictionary(uniqueKeysWithValues: ([.psnr, .siSNRi, .balancedAccuracy, .precision, .recall, .params] as [MetricName]).map { ($0.rawValue, $0.title) })

    /// Cell texts of one metric at one level, best in bold when there is more than one value; every
    /// value that reads the same as the best as printed (a tie at the shown precision) is bold too.
    private func cells(_ m: String, level li: Int) -> [ReportText] {
        let column = runs.indices.map { values[m]![$0][li] }
        let present = column.compactMap { $0 }
        let format = { (v: Double?) in m == MetricName.params.rawValue ? Format.count(v) : Format.number(v) }
        let best = (MetricName(rawValue: m)?.higherIsBetter == false ? present.min() : present.max()).map(format)
        return column.map { v in
            let text = format(v)
            return Format.marked(text, v != nil && text == best && present.count > 1)
        }
    }

    private var wide: ReportTable {
        let pct = levels.map { formatFixed($0 * 100, 0) + "%" }
        var header = ["Run"]
        for m in metrics { header += pct.map { "\(Self.titles[m] ?? m) \($0)" } }
        var rows = runs.map { [ReportText($0)] }
        for m in metrics {
            for li in levels.indices { for (ri, c) in cells(m, level: li).enumerated() { rows[ri].append(c) } }
        }
        return ReportTable(header: header, rows: rows, alignment: ReportTable.labelThenNumbers(header.count))
    }

    private var long: ReportTable {
        var rows: [[ReportText]] = []
        for li in levels.indices {
            let byMetric = metrics.map { cells($0, level: li) }
            for ri in runs.indices {
                rows.append([ReportText(formatFixed(levels[li] * 100, 0) + "%"), ReportText(runs[ri])] + byMetric.map { $0[ri] })
            }
        }
        return ReportTable(header: ["Sparsity", "Run"] + metrics.map { Self.titles[$0] ?? $0 }, rows: rows, alignment: [.right, .left] + metrics.map { _ in .right })
    }
}
