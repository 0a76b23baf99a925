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
        let history = try SimilarityHistory(store: store, run: run, phases: SimilarityHistory.pruningPhases)
        let rep = try SemanticAlignment.analyse(history: history, wordnet: wordnet, preset: preset, overrides: overrides)
        let scopes = SemanticAlignment.scopes
        var files: [String] = []
        func cell(_ a: Alignment?) -> String {
            guard let a else { return "–" }
            guard let rho = a.spearman, let p = a.pValue else { return "n/a" }
            return "\(formatFixed(rho, 2)) (p \(Markdown.pValue(p))\(a.exact == true ? ", exact" : ""))"
        }
        var md = "# Semantic alignment: \(Markdown.escape(run.name))\n\n"
        md += "Spearman's rank correlation between WordNet path similarity of the subnetworks' classes and the Jaccard "
        md += "similarity of their masks, over the \(rep.subnetworks.count * (rep.subnetworks.count - 1) / 2) class pairs, at every pruning step "
        md += "and for all prunable layers (global) and the shallow, middle and deep thirds of the layers by depth. "
        md += "p-values are one-sided Mantel permutation tests (subnetwork labels permuted; exact when K! ≤ 50,000, else "
        md += "\(Alignment.permutationCount) seeded permutations): the pairs of one similarity matrix are not independent, so the "
        md += "t-distribution p-value is not valid here (docs/semantic.md).\n\n"
        // The step shown in the matrices and summary: the one with the strongest global correlation
        // (the last step is often collapsed, with all masks equal and the correlation undefined).
        let shown = rep.steps.enumerated().filter { $0.element.groups["global"]?.spearman != nil }
            .max { ($0.element.groups["global"]!.spearman!, $0.offset) < ($1.element.groups["global"]!.spearman!, $1.offset) }?.offset
        if let last = rep.steps.last, last.groups["global"]?.spearman == nil {
            md += "At the last step (sparsity \(formatFixed(last.sparsity, 3))) the correlation is undefined (\(last.groups["global"]?.note ?? "n/a")). "
        }
        if let i = shown {
            let last = rep.steps[i]
            let g = last.groups["global"]
            md += "The global correlation is strongest at step \(last.step) (sparsity \(formatFixed(last.sparsity, 3))): \(cell(g))"
            let byDepth = ["shallow", "deep"].compactMap { s in last.groups[s]?.spearman.map { "\(s) \(formatFixed($0, 2))" } }
            md += byDepth.isEmpty ? ".\n\n" : "; by depth: \(byDepth.joined(separator: ", ")).\n\n"
        }
        md += Markdown.table(["Subnetwork", "WordNet synset"], zip(rep.subnetworks, rep.synsets).map { [Markdown.escape($0), "`\($1)`"] }) + "\n\n"

        md += "## Correlation against sparsity\n\n"
        try SemanticFigures.groups(rep).render(to: dir.file("semantic-groups.png")); files.append(dir.file("semantic-groups.png"))
        md += "![Spearman correlation against sparsity per layer group](semantic-groups.png)\n\n"
        md += "*Figure 1. Spearman's rho (WordNet vs mask similarity) against sparsity, per layer group (paper Fig. 3A).*\n\n"
        md += Markdown.table(["Step", "Sparsity"] + scopes + ["Mean Jaccard (global)"], rep.steps.map { s in
            ["\(s.step)", formatFixed(s.sparsity, 3)] + scopes.map { cell(s.groups[$0]) } + [Markdown.number(s.groups["global"]?.meanJaccard)]
        }, align: ["r", "r", "r", "r", "r", "r", "r"]) + "\n\n"
        let notes = Set(rep.steps.flatMap { $0.groups.values.compactMap(\.note) }).sorted()
        if !notes.isEmpty { md += "n/a: " + notes.joined(separator: "; ") + ".\n\n" }

        md += "## By stage and depth\n\n"
        md += "Mean rho over the early, middle and late thirds of the pruning steps (paper Fig. 3B).\n\n"
        md += Markdown.table(["Stage", "Steps"] + scopes, rep.stages.map { st in
            [st.stage, st.steps.map(String.init).joined(separator: ", ")] + scopes.map { Markdown.number((st.meanSpearman[$0] ?? nil), 2) }
        }, align: ["l", "l", "r", "r", "r", "r"]) + "\n\n"

        md += "## Per class\n\n"
        if rep.perClass.isEmpty {
            md += (rep.perClassNote ?? "Per-class correlations are unavailable.") + "\n\n"
        } else {
            try SemanticFigures.classes(rep).render(to: dir.file("semantic-classes.png")); files.append(dir.file("semantic-classes.png"))
            md += "Each class's row of the WordNet matrix against its row of the mask-similarity matrix (itself excluded): "
            md += "n = \(rep.subnetworks.count - 1) points, p from a one-sided permutation test of those points.\n\n"
            md += "![Per-class correlation against sparsity](semantic-classes.png)\n\n"
            md += "*Figure 2. Per-class Spearman's rho (global masks) against sparsity (paper Fig. 3C).*\n\n"
            let at = shown ?? rep.steps.count - 1
            md += "At step \(rep.steps[at].step) (sparsity \(formatFixed(rep.steps[at].sparsity, 3))), per layer group (paper Fig. 3D):\n\n"
            md += Markdown.table(["Class", "Synset"] + scopes, rep.perClass.map { c in
                [Markdown.escape(c.name), "`\(c.synset)`"] + scopes.map { cell(c.steps[at][$0]) }
            }, align: ["l", "l", "r", "r", "r", "r"]) + "\n\n"
        }

        md += "## Similarity matrices\n\n"
        if let step = history.steps[safe: shown ?? history.steps.count - 1] {
            try SemanticFigures.matrices(rep, step: step).render(to: dir.file("semantic-matrices.png")); files.append(dir.file("semantic-matrices.png"))
            md += "![WordNet and mask similarity matrices](semantic-matrices.png)\n\n"
            md += "*Figure 3. WordNet path similarity and the mask Jaccard matrices of the shallow and deep layers at step \(step.step) "
            md += "(sparsity \(formatFixed(step.sparsity, 3))\(shown == nil ? ", the last step" : ", where the global correlation is strongest")), "
            md += "as the paper's Fig. 3E, on one colour scale; the diagonal is left blank.*\n\n"
        }
        md += Provenance.section(runs: [run], steps: [try store.steps(of: run)], databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
