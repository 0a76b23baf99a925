import Diagnostics
import RunStore

/// Writes `DIR/README.md` and its figure for the collapse diagnosis of one run.
public enum CollapseReportWriter {
    /// The measure in words, for captions and explanations.
    static func measureDescription(_ m: SimilarityMeasure) -> String {
        switch m {
        case .raw: return "mean Jaccard to the other subnetworks"
        case .corrected: return "mean chance-corrected Jaccard to the other subnetworks"
        case .lift: return "mean Jaccard over its chance level (lift)"
        }
    }

    /// Writes the report; returns the files written (README first).
    @discardableResult
    public static func write(store: RunStore, run: RunInfo, to directory: String, toolVersion: String,
                             measure: SimilarityMeasure = .raw, detector: OnsetDetector = OnsetDetector(),
                             backtest rules: [StopRule] = BacktestReport.defaultRules) throws -> [String] {
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
        md += "Onset = the first sparsity off the trend before a change of slope or level (segmented regression, docs/collapse.md); "
        md += "*provisional* = fewer than \(detector.confirmation) later steps; lead = accuracy onset − similarity onset "
        md += "(positive: similarity moved first). Similarity measure: \(measureDescription(measure)).\n\n"
        func onset(_ o: Onset?) -> String {
            guard let o else { return "none" }
            return "\(formatFixed(o.x, 3)) (\(o.direction.rawValue) \(formatFixed(abs(o.size), 3))\(o.confirmed ? "" : ", provisional"))"
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
        md += "\(measureDescription(measure)) (dashed\(rep.accuracySplit == nil ? "" : ", right axis")) with its chance level (dotted) against "
        md += rep.axis == .linear ? "sparsity" : "sparsity on a log scale of the kept fraction (−log10(1 − sparsity)), which spreads the steps of a schedule that prunes a fixed fraction per step"
        md += ". Vertical lines: similarity onsets (grey), \(rep.metricNoun) onsets (red), both at once (black); dashed = provisional.*\n\n"

        md += "## Run level\n\n"
        md += Markdown.table(["Step", "Sparsity", "Mean Jaccard", "Chance Jaccard", "Corrected", "Lift", "Mean " + rep.metricNoun],
                             history.steps.enumerated().map { i, s in
                                 ["\(s.step)", formatFixed(s.sparsity, 3), Markdown.number(s.global.value(.raw)), Markdown.number(s.global.meanChance),
                                  Markdown.number(s.global.value(.corrected)), Markdown.number(s.global.value(.lift), 2),
                                  Markdown.number(rep.runAccuracy[i])]
                             }, align: ["r", "r", "r", "r", "r", "r", "r"]) + "\n\n"
        md += "Chance Jaccard is what independent random masks with the same densities would share; raw Jaccard falls with density "
        md += "alone. Corrected = (J − chance) / (1 − chance): 0 at chance, 1 for identical masks. Lift = J / chance grows as masks thin "
        md += "even without shared structure. Detector: evidence \(formatFixed(detector.evidence, 1)) (BIC), minimum departure "
        md += "\(formatFixed(detector.minSize, 2)), \(rep.axis.rawValue) axis (docs/collapse.md).\n\n"
        if rep.accuracySplit != nil, history.subnetworks.count >= 2 {
            md += "## Would a stop rule have helped?\n\n"
            md += BacktestSection.markdown(try BacktestReport.replay(history: history, collapse: rep, rules: rules, detector: detector)) + "\n\n"
        }
        md += Provenance.section(runs: [run], steps: [try store.steps(of: run)], databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
    }
}
