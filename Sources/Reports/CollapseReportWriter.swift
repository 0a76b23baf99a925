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
        return try document(store: store, run: run, toolVersion: toolVersion, measure: measure, detector: detector, backtest: rules).write(to: dir)
    }

    /// The report as a document (the web view renders it as HTML).
    public static func document(store: RunStore, run: RunInfo, toolVersion: String, measure: SimilarityMeasure = .raw,
                                detector: OnsetDetector = OnsetDetector(), backtest rules: [StopRule] = BacktestReport.defaultRules) throws -> ReportDocument {
        let history = try SimilarityHistory(store: store, run: run, phases: SimilarityHistory.pruningPhases)
        let rep = try CollapseAnalysis.analyse(history: history, metrics: try store.metrics(of: run),
                                               measure: measure, detector: detector)
        var doc = ReportDocument(title: "Collapse report: \(run.name)")
        doc.paragraph(ReportText(CollapseSummary.sentences(rep)))
        if rep.accuracySplit == nil {
            doc.note("No quality metric is recorded per subnetwork for this run (\(code: "balanced_accuracy"), \(code: "psnr") for INR or \(code: "si_snri") for speech runs; import it with "
                + "\(code: "ticketscope import-metrics")), so the figure shows mask similarity only and accuracy onsets are unavailable.")
        }
        doc.heading("Onsets per subnetwork")
        doc.paragraph("Onset = the first sparsity off the trend before a change of slope or level (segmented regression, docs/collapse.md); "
            + "\(emphasis: "provisional") = fewer than \(detector.confirmation) later steps; lead = accuracy onset − similarity onset "
            + "(positive: similarity moved first). Similarity measure: \(measureDescription(measure)).")
        func onset(_ o: Onset?) -> ReportText {
            guard let o else { return "none" }
            return "\(formatFixed(o.x, 3)) (\(o.direction.rawValue) \(formatFixed(abs(o.size), 3))\(o.confirmed ? "" : ", provisional"))"
        }
        let accNone: ReportText = rep.accuracySplit == nil ? "n/a" : "none"
        doc.table(ReportTable(header: ["Subnetwork", "Similarity onset", "Accuracy onset", "Lead"], rows: rep.subnetworks.map {
            [ReportText($0.name), onset($0.similarityOnset), $0.accuracyOnset.map { o in onset(o) } ?? accNone, ReportText(Format.number($0.lead))]
        }, alignment: ReportTable.labelThenNumbers(4)))

        var caption: ReportText = "One panel per subnetwork: "
        if let split = rep.accuracySplit { caption += "\(rep.metricNoun) (\(split), solid, left axis) and " }
        caption += "\(measureDescription(measure)) (dashed\(rep.accuracySplit == nil ? "" : ", right axis")) with its chance level (dotted) against "
        caption += rep.axis == .linear ? "sparsity" : "sparsity on a log scale of the kept fraction (−log10(1 − sparsity)), which spreads the steps of a schedule that prunes a fixed fraction per step"
        caption += ". Vertical lines: similarity onsets (grey), \(rep.metricNoun) onsets (red), both at once (black); dashed = provisional."
        doc.figure(CollapseFigures.smallMultiples(rep), alt: "Per-subnetwork accuracy and mask similarity against sparsity", caption: caption)

        doc.heading("Run level")
        doc.table(ReportTable(header: ["Step", "Sparsity", "Mean Jaccard", "Chance Jaccard", "Corrected", "Lift", "Mean " + rep.metricNoun],
                              rows: history.steps.enumerated().map { i, s in
                                  ["\(s.step)", ReportText(formatFixed(s.sparsity, 3)), ReportText(Format.number(s.global.value(.raw))), ReportText(Format.number(s.global.meanChance)),
                                   ReportText(Format.number(s.global.value(.corrected))), ReportText(Format.number(s.global.value(.lift), 2)),
                                   ReportText(Format.number(rep.runAccuracy[i]))]
                              }, alignment: ReportTable.labelThenNumbers(7, labels: 0)))
        doc.paragraph("Chance Jaccard is what independent random masks with the same densities would share; raw Jaccard falls with density "
            + "alone. Corrected = (J − chance) / (1 − chance): 0 at chance, 1 for identical masks. Lift = J / chance grows as masks thin "
            + "even without shared structure. Detector: evidence \(formatFixed(detector.evidence, 1)) (BIC), minimum departure "
            + "\(formatFixed(detector.minSize, 2)), \(rep.axis.rawValue) axis (docs/collapse.md).")
        if rep.accuracySplit != nil, history.subnetworks.count >= 2 {
            doc.heading("Would a stop rule have helped?")
            BacktestSection.add(try BacktestReport.replay(history: history, collapse: rep, rules: rules, detector: detector), to: &doc)
        }
        doc.provenance(try ReportProvenance(store: store, runs: [run], toolVersion: toolVersion))
        return doc
    }
}
