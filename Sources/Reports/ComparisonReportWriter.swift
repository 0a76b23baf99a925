import Diagnostics
import RunStore

/// Writes `DIR/README.md` comparing runs: the paper's Table 1 and overlaid curves.
public enum ComparisonReportWriter {
    /// Writes the report; returns the files written (README first).
    @discardableResult
    /// With `groups`, a section of replicate statistics follows the table and the quality figure
    /// draws each group's mean with its 95 % interval as a band.
    public static func write(store: RunStore, runs: [RunInfo], groups: [ReplicateGroup] = [], to directory: String, toolVersion: String) throws -> [String] {
        guard !runs.isEmpty else { throw ReportError.noRuns }
        let dir = try ReportDirectory(directory)
        let table = try ComparisonTable.build(store: store, runs: runs)
        let replicates = groups.isEmpty ? nil : try ReplicateComparison.build(table: table, runs: runs, groups: groups)
        var files: [String] = []
        var md = "# Run comparison: " + runs.map { Markdown.escape($0.name) }.joined(separator: " · ") + "\n\n"
        md += "## Table\n\n"
        md += "Macro-averaged over subnetworks at each sparsity level (the paper's Table 1 layout for up to four levels, one row per "
        md += "level and run beyond that); best value per level in bold (lowest for #Params).\n\n"
        md += table.markdown + "\n\n"
        for (i, r) in runs.enumerated() {
            md += "- `\(Markdown.escape(r.name))` (\(r.method)): metrics from the \(table.splits[i] ?? "–") split"
            md += table.splits[i] == nil ? " (none recorded)" : ""
            md += "; #Params \(table.paramsSource[i]).\n"
        }
        let cost = try CostTable.build(store: store, runs: runs, groups: groups)
        if cost.hasCosts {
            md += "\n## Training cost\n\nWall time per phase as each run recorded it (summed over resumed sessions), optimiser updates "
            md += "and training examples seen, on how many threads of which CPU\(groups.isEmpty ? "" : "; per group the mean ± half the 95 % interval").\n\n"
            md += cost.markdown + "\n"
        }
        if let replicates { md += "\n" + replicates.section }
        md += "\n## Curves\n\n"
        let quality = table.metrics[0]
        let qualityName = MetricName(rawValue: quality)
        let label: String = qualityName == .psnr || qualityName == .siSNRi ? qualityName?.labelWithUnit ?? quality : "mean balanced accuracy"
        let curves = try RunCurves.load(store: store, runs: runs, metric: quality)
        if let replicates, curves.contains(where: { $0.accuracy.contains { $0 != nil } }) {
            let grouped = Set(groups.flatMap(\.runs))
            let limit = ComparisonFigures.highlightLimit
            let ungrouped = curves.filter { !grouped.contains($0.run) }
            let shown = ReplicateComparison(metrics: replicates.metrics, groups: Array(replicates.groups.prefix(limit)), differences: [], notes: [])
            try ComparisonFigures.replicates(shown, ungrouped: Array(ungrouped.prefix(limit)), metric: quality, label: label)
                .render(to: dir.file("compare-accuracy.png")); files.append(dir.file("compare-accuracy.png"))
            md += "![\(label.prefix(1).uppercased() + label.dropFirst()) against sparsity](compare-accuracy.png)\n\n"
            md += "*Figure 1. \(label.prefix(1).uppercased() + label.dropFirst()) against sparsity: per group the mean over its runs, the shaded band its 95 % Student-t interval; runs in no group dashed"
            md += ComparisonFigures.omission(replicates.groups.count, "groups") + ComparisonFigures.omission(ungrouped.count, "runs in no group") + ".*\n\n"
        } else if curves.contains(where: { $0.accuracy.contains { $0 != nil } }) {
            try ComparisonFigures.accuracy(Array(curves.prefix(ComparisonFigures.highlightLimit)), label: label).render(to: dir.file("compare-accuracy.png")); files.append(dir.file("compare-accuracy.png"))
            md += "![\(label.prefix(1).uppercased() + label.dropFirst()) against sparsity](compare-accuracy.png)\n\n"
            md += "*Figure 1. \(qualityName == .psnr ? "PSNR of the whole image (the run's value)" : qualityName == .siSNRi ? "Mean SI-SNRi over scenes (the run's value)" : "Mean balanced accuracy over subnetworks") against sparsity, one line per run\(ComparisonFigures.omission(curves.count, "runs")).*\n\n"
        } else {
            md += "No run records \(label), so there is no quality figure.\n\n"
        }
        let layouts = try runs.map { try store.layout(of: $0) }
        let multi = curves.filter { $0.similarity != nil }
        if layouts.dropFirst().contains(where: { $0 != layouts[0] }) {
            md += "The runs have different layer layouts, so their mask similarities are not comparable and the similarity figure is omitted.\n\n"
        } else if multi.isEmpty {
            md += "No run has two or more subnetworks, so there is no similarity figure.\n\n"
        } else {
            try ComparisonFigures.similarity(Array(multi.prefix(ComparisonFigures.highlightLimit))).render(to: dir.file("compare-similarity.png")); files.append(dir.file("compare-similarity.png"))
            md += "![Mean mask Jaccard against sparsity](compare-similarity.png)\n\n"
            md += "*Figure 2. Mean off-diagonal mask Jaccard against sparsity, one line per run with two or more subnetworks\(ComparisonFigures.omission(multi.count, "such runs")).*\n\n"
        }
        md += Provenance.section(runs: runs, steps: try runs.map { try store.steps(of: $0) }, databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
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
