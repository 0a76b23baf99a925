import Diagnostics
import RunStore
import WordNet

/// Writes `DIR/README.md` and its figures for the semantic alignment of one run (paper Fig. 3).
public enum SemanticReportWriter {
    /// Writes the report; returns the files written (README first).
    @discardableResult
    public static func write(store: RunStore, run: RunInfo, to directory: String, toolVersion: String, wordnet: WordNetDatabase,
                             preset: WordNetPreset? = nil, overrides: SynsetOverrides? = nil) throws -> [String] {
        let dir = try ReportDirectory(directory)
        return try document(store: store, run: run, toolVersion: toolVersion, wordnet: wordnet, preset: preset, overrides: overrides).write(to: dir)
    }

    /// The report as a document (the web view renders it as HTML).
    public static func document(store: RunStore, run: RunInfo, toolVersion: String, wordnet: WordNetDatabase,
                                preset: WordNetPreset? = nil, overrides: SynsetOverrides? = nil) throws -> ReportDocument {
        let history = try SimilarityHistory(store: store, run: run, phases: SimilarityHistory.pruningPhases)
        let rep = try SemanticAlignment.analyse(history: history, wordnet: wordnet, preset: preset, overrides: overrides)
        let scopes = SemanticAlignment.scopes
        func cell(_ a: Alignment?) -> String {
            guard let a else { return "–" }
            guard let rho = a.spearman, let p = a.pValue else { return "n/a" }
            return "\(formatFixed(rho, 2)) (p \(Format.pValue(p))\(a.exact == true ? ", exact" : ""))"
        }
        var doc = ReportDocument(title: "Semantic alignment: \(run.name)")
        doc.paragraph("Spearman's rank correlation between WordNet path similarity of the subnetworks' classes and the Jaccard "
            + "similarity of their masks, over the \(rep.subnetworks.count * (rep.subnetworks.count - 1) / 2) class pairs, at every pruning step "
            + "and for all prunable layers (global) and the shallow, middle and deep thirds of the layers by depth. "
            + "p-values are one-sided Mantel permutation tests (subnetwork labels permuted; exact when K! ≤ 50,000, else "
            + "\(Alignment.permutationCount) seeded permutations): the pairs of one similarity matrix are not independent, so the "
            + "t-distribution p-value is not valid here (docs/semantic.md).")
        // The step shown in the matrices and summary: the one with the strongest global correlation
        // (the last step is often collapsed, with all masks equal and the correlation undefined).
        let shown = rep.steps.enumerated().compactMap { i, s in s.groups["global"]?.spearman.map { (rho: $0, offset: i) } }
            .max { ($0.rho, $0.offset) < ($1.rho, $1.offset) }?.offset
        var summary: ReportText = ""
        if let last = rep.steps.last, last.groups["global"]?.spearman == nil {
            summary += "At the last step (sparsity \(formatFixed(last.sparsity, 3))) the correlation is undefined (\(last.groups["global"]?.note ?? "n/a")). "
        }
        if let i = shown {
            let last = rep.steps[i]
            summary += "The global correlation is strongest at step \(last.step) (sparsity \(formatFixed(last.sparsity, 3))): \(cell(last.groups["global"]))"
            let byDepth = ["shallow", "deep"].compactMap { s in last.groups[s]?.spearman.map { "\(s) \(formatFixed($0, 2))" } }
            summary += byDepth.isEmpty ? "." : "; by depth: \(byDepth.joined(separator: ", "))."
        }
        doc.paragraph(summary)
        doc.table(ReportTable(header: ["Subnetwork", "WordNet synset"], rows: zip(rep.subnetworks, rep.synsets).map { [ReportText($0), .code($1)] }))

        doc.heading("Correlation against sparsity")
        doc.figure(SemanticFigures.groups(rep), alt: "Spearman correlation against sparsity per layer group",
                   caption: "Spearman's rho (WordNet vs mask similarity) against sparsity, per layer group (paper Fig. 3A).")
        doc.table(ReportTable(header: ["Step", "Sparsity"] + scopes + ["Mean Jaccard (global)"], rows: rep.steps.map { s in
            ["\(s.step)", ReportText(formatFixed(s.sparsity, 3))] + scopes.map { ReportText(cell(s.groups[$0])) } + [ReportText(Format.number(s.groups["global"]?.meanJaccard))]
        }, alignment: ReportTable.labelThenNumbers(3 + scopes.count, labels: 0)))
        let notes = Set(rep.steps.flatMap { $0.groups.values.compactMap(\.note) }).sorted()
        if !notes.isEmpty { doc.paragraph("n/a: \(notes.joined(separator: "; ")).") }

        doc.heading("By stage and depth")
        doc.paragraph("Mean rho over the early, middle and late thirds of the pruning steps (paper Fig. 3B).")
        doc.table(ReportTable(header: ["Stage", "Steps"] + scopes, rows: rep.stages.map { st in
            [ReportText(st.stage), ReportText(st.steps.map(String.init).joined(separator: ", "))] + scopes.map { ReportText(Format.number((st.meanSpearman[$0] ?? nil), 2)) }
        }, alignment: ReportTable.labelThenNumbers(2 + scopes.count, labels: 2)))

        doc.heading("Per class")
        if rep.perClass.isEmpty {
            doc.paragraph(ReportText(rep.perClassNote ?? "Per-class correlations are unavailable."))
        } else {
            doc.paragraph("Each class's row of the WordNet matrix against its row of the mask-similarity matrix (itself excluded): "
                + "n = \(rep.subnetworks.count - 1) points, p from a one-sided permutation test of those points.")
            doc.figure(SemanticFigures.classes(rep), alt: "Per-class correlation against sparsity",
                       caption: "Per-class Spearman's rho (global masks) against sparsity (paper Fig. 3C).")
            let at = shown ?? rep.steps.count - 1
            doc.paragraph("At step \(rep.steps[at].step) (sparsity \(formatFixed(rep.steps[at].sparsity, 3))), per layer group (paper Fig. 3D):")
            doc.table(ReportTable(header: ["Class", "Synset"] + scopes, rows: rep.perClass.map { c in
                [ReportText(c.name), .code(c.synset)] + scopes.map { ReportText(cell(c.steps[at][$0])) }
            }, alignment: ReportTable.labelThenNumbers(2 + scopes.count, labels: 2)))
        }

        doc.heading("Similarity matrices")
        if let step = history.steps[safe: shown ?? history.steps.count - 1] {
            doc.figure(SemanticFigures.matrices(rep, step: step), alt: "WordNet and mask similarity matrices",
                       caption: "WordNet path similarity and the mask Jaccard matrices of the shallow and deep layers at step \(step.step) "
                           + "(sparsity \(formatFixed(step.sparsity, 3))\(shown == nil ? ", the last step" : ", where the global correlation is strongest")), "
                           + "as the paper's Fig. 3E, on one colour scale; the diagonal is left blank.")
        }
        doc.provenance(try ReportProvenance(store: store, runs: [run], toolVersion: toolVersion))
        return doc
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
