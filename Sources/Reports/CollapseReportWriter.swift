import Diagnostics
import RunStore

/// Writes `DIR/README.md` and its figure for the collapse diagnosis of one run.
public enum CollapseReportWriter {
    /// Writes the report; returns the files written (README first).
    @discardableResult
    public static func write(store: RunStore, run: RunInfo, to directory: String, toolVersion: String,
                             measure: SimilarityMeasure = .raw, detector: OnsetDetector = OnsetDetector()) throws -> [String] {
        let dir = try ReportDirectory(directory)
        let history = try SimilarityHistory(store: store, run: run, phases: SimilarityHistory.pruningPhases)
        let rep = try CollapseAnalysis.analyse(history: history, metrics: try store.metrics(of: run),
                                               measure: measure, detector: detector)
        var files: [String] = []
        var md = "# Collapse report: \(Markdown.escape(run.name))\n\n"
        md += CollapseSummary.sentences(rep) + "\n\n"
        if rep.accuracySplit == nil {
            md += "> No quality metric is recorded per subnetwork for this run (`balanced_accuracy`, `psnr` for INR or `si_snri` for speech runs; import it with "
            md += "`ticketscope import-metrics`), so the figure shows mask similarity only and accuracy onsets are unavailable.\n\n"
        }
        md += "## Onsets per subnetwork\n\n"
        md += "Onset = the first sparsity at which the curve has changed abruptly; lead = accuracy onset − similarity onset "
        md += "(positive: similarity moved first). Similarity measure: \(measure == .raw ? "mean Jaccard to the other subnetworks" : "mean Jaccard over its chance level (lift)").\n\n"
        func onset(_ o: Onset?) -> String {
            guard let o else { return "none" }
            return "\(formatFixed(o.x, 3)) (\(o.direction.rawValue) \(formatFixed(abs(o.size), 3)))"
        }
        let accNone = rep.accuracySplit == nil ? "n/a" : "none"
        md += Markdown.table(["Subnetwork", "Similarity onset", "Accuracy onset", "Lead"], rep.subnetworks.map {
            [Markdown.escape($0.name), onset($0.similarityOnset), $0.accuracyOnset.map { o in onset(o) } ?? accNone, Markdown.number($0.lead)]
        }, align: ["l", "r", "r", "r"]) + "\n\n"

        let figure = "collapse.png"
        try CollapseFigures.smallMultiples(rep).render(to: dir.file(figure))
        files.append(dir.file(figure))
        md += "![Per-subnetwork accuracy and mask similarity against sparsity](\(figure))\n\n"
        md += "*Figure 1. One panel per subnetwork: " + (rep.accuracySplit == nil ? "" : "\(rep.metricNoun) (\(rep.accuracySplit!), solid, left axis) and ")
        md += "mean mask Jaccard to the other subnetworks (dashed\(rep.accuracySplit == nil ? "" : ", right axis")) against sparsity; dotted vertical lines mark the similarity onset.*\n\n"

        md += "## Run level\n\n"
        md += Markdown.table(["Step", "Sparsity", "Mean Jaccard", "Chance Jaccard", "Lift", "Mean " + rep.metricNoun],
                             history.steps.enumerated().map { i, s in
                                 let mean = s.global.meanOffDiagonal!, chance = s.global.meanChance!
                                 return ["\(s.step)", formatFixed(s.sparsity, 3), formatFixed(mean, 3), formatFixed(chance, 3),
                                         formatFixed(mean / max(chance, 1e-300), 2), Markdown.number(rep.runAccuracy[i])]
                             }, align: ["r", "r", "r", "r", "r", "r"]) + "\n\n"
        md += "Chance Jaccard is what independent random masks with the same densities would share; raw Jaccard falls with density "
        md += "alone, so a rise above chance is structure. Detector: threshold \(formatFixed(detector.threshold, 1)), ratio \(formatFixed(detector.ratio, 1)), "
        md += "minimum change \(formatFixed(detector.minSize, 2)) (docs/collapse.md).\n\n"
        md += Provenance.section(runs: [run], steps: [try store.steps(of: run)], databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
    }
}
