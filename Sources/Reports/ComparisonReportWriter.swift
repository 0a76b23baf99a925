import Diagnostics
import RunStore

/// Writes `DIR/README.md` comparing runs: the paper's Table 1 and overlaid curves.
public enum ComparisonReportWriter {
    /// Writes the report; returns the files written (README first).
    /// With `groups`, a section of replicate statistics follows the table and the quality figure
    /// draws each group's mean with its 95 % interval as a band.
    @discardableResult
    public static func write(store: RunStore, runs: [RunInfo], groups: [ReplicateGroup] = [], to directory: String, toolVersion: String) throws -> [String] {
        guard !runs.isEmpty else { throw ReportError.noRuns }
        let dir = try ReportDirectory(directory)
        return try document(store: store, runs: runs, groups: groups, toolVersion: toolVersion).write(to: dir)
    }

    /// The report as a document (the web view renders it as HTML).
    public static func document(store: RunStore, runs: [RunInfo], groups: [ReplicateGroup] = [], toolVersion: String) throws -> ReportDocument {
        guard !runs.isEmpty else { throw ReportError.noRuns }
        let table = try ComparisonTable.build(store: store, runs: runs)
        let replicates = groups.isEmpty ? nil : try ReplicateComparison.build(table: table, runs: runs, groups: groups)
        var doc = ReportDocument(title: "Run comparison: " + runs.map(\.name).joined(separator: " · "))
        doc.heading("Table")
        doc.paragraph("Macro-averaged over subnetworks at each sparsity level (the paper's Table 1 layout for up to four levels, one row per "
            + "level and run beyond that); best value per level in bold (lowest for #Params).")
        doc.table(table.table)
        doc.list(runs.enumerated().map { i, r in
            "\(code: r.name) (\(r.method)): metrics from the \(table.splits[i] ?? "–") split\(table.splits[i] == nil ? " (none recorded)" : ""); #Params \(table.paramsSource[i])."
        })
        let cost = try CostTable.build(store: store, runs: runs, groups: groups)
        if cost.hasCosts {
            doc.heading("Training cost")
            doc.paragraph("Wall time per phase as each run recorded it (summed over resumed sessions), optimiser updates "
                + "and training examples seen, on how many threads of which CPU\(groups.isEmpty ? "" : "; per group the mean ± half the 95 % interval").")
            for t in cost.tables { doc.table(t) }
        }
        replicates?.addSection(to: &doc)
        doc.heading("Curves")
        let quality = table.metrics[0]
        let qualityName = MetricName(rawValue: quality)
        let label: String = qualityName == .psnr || qualityName == .siSNRi ? qualityName?.labelWithUnit ?? quality : "mean balanced accuracy"
        let capitalised = label.prefix(1).uppercased() + label.dropFirst()
        let curves = try RunCurves.load(store: store, runs: runs, metric: quality)
        if let replicates, curves.contains(where: { $0.accuracy.contains { $0 != nil } }) {
            let grouped = Set(groups.flatMap(\.runs))
            let limit = ComparisonFigures.highlightLimit
            let ungrouped = curves.filter { !grouped.contains($0.run) }
            let shown = ReplicateComparison(metrics: replicates.metrics, groups: Array(replicates.groups.prefix(limit)), differences: [], notes: [])
            doc.figure(ComparisonFigures.replicates(shown, ungrouped: Array(ungrouped.prefix(limit)), metric: quality, label: label),
                       alt: "\(capitalised) against sparsity",
                       caption: "\(capitalised) against sparsity: per group the mean over its runs, the shaded band its 95 % Student-t interval; runs in no group dashed"
                           + "\(ComparisonFigures.omission(replicates.groups.count, "groups"))\(ComparisonFigures.omission(ungrouped.count, "runs in no group")).")
        } else if curves.contains(where: { $0.accuracy.contains { $0 != nil } }) {
            let what = qualityName == .psnr ? "PSNR of the whole image (the run's value)" : qualityName == .siSNRi ? "Mean SI-SNRi over scenes (the run's value)" : "Mean balanced accuracy over subnetworks"
            doc.figure(ComparisonFigures.accuracy(Array(curves.prefix(ComparisonFigures.highlightLimit)), label: label),
                       alt: "\(capitalised) against sparsity",
                       caption: "\(what) against sparsity, one line per run\(ComparisonFigures.omission(curves.count, "runs")).")
        } else {
            doc.paragraph("No run records \(label), so there is no quality figure.")
        }
        let layouts = try runs.map { try store.layout(of: $0) }
        let multi = curves.filter { $0.similarity != nil }
        if layouts.dropFirst().contains(where: { $0 != layouts[0] }) {
            doc.paragraph("The runs have different layer layouts, so their mask similarities are not comparable and the similarity figure is omitted.")
        } else if multi.isEmpty {
            doc.paragraph("No run has two or more subnetworks, so there is no similarity figure.")
        } else {
            doc.figure(ComparisonFigures.similarity(Array(multi.prefix(ComparisonFigures.highlightLimit))), alt: "Mean mask Jaccard against sparsity",
                       caption: "Mean off-diagonal mask Jaccard against sparsity, one line per run with two or more subnetworks\(ComparisonFigures.omission(multi.count, "such runs")).")
        }
        doc.provenance(try ReportProvenance(store: store, runs: runs, toolVersion: toolVersion))
        return doc
    }
}

/// Per-run curves over the pruning steps, for overlaid figures.
struct RunCurves {
    let run: String
    let sparsity: [Double]
    /// The run's value of the quality metric, else its mean over subnetworks (nil where not every subnetwork has one).
    let accuracy: [Double?]
    /// Mean off-diagonal Jaccard (nil for runs with one subnetwork).
    let similarity: [Double]?

    static func load(store: RunStore, runs: [RunInfo], metric: String) throws -> [RunCurves] {
        try runs.map { r in
            let history = try SimilarityHistory(store: store, run: r, phases: SimilarityHistory.pruningPhases)
            let metrics = try store.metrics(of: r, name: metric)
            let split = Split.qualityPreference.map(\.rawValue).first { s in metrics.contains { $0.split == s } }
            let k = history.subnetworks.count
            let acc: [Double?] = history.steps.map { s in
                if let run = metrics.first(where: { $0.step == s.step && $0.split == split && $0.subnetwork == nil }) { return run.value }
                let v = metrics.filter { $0.step == s.step && $0.split == split && $0.subnetwork != nil }.map(\.value)
                return v.count == k ? v.reduce(0, +) / Double(k) : nil
            }
            return RunCurves(run: r.name, sparsity: history.steps.map(\.sparsity), accuracy: acc,
                             similarity: k >= 2 ? history.steps.map { $0.global.meanOffDiagonal! } : nil)
        }
    }
}
