import Diagnostics
import MaskKit
import Plots
import Reports
import RunStore
import StoreJSON
import WordNet

/// `/runs/NAME`: the run's facts, its steps, the similarity heatmap of a chosen step and scope, the
/// collapse diagnosis (the collapse report's own document and figure), semantic alignment when every
/// subnetwork has a synset, the configuration and the events.
enum RunPage {
    static func html(store: RunStore, run: RunInfo, step: Int?, scope: SimilarityJSON.Scope, toolVersion: String,
                     wordnet: () throws -> WordNetDatabase) throws -> String {
        let e = HTMLRenderer.escape
        let steps = try store.steps(of: run)
        let subnetworks = try store.subnetworks(of: run)
        var html = "<h1>\(e(run.name))</h1>\n<p class=\"facts\">"
        var facts: [(String, String)] = [("method", run.method)]
        for (label, value) in [("model", run.model), ("dataset", run.dataset), ("partition", run.partition)] { if let value { facts.append((label, value)) } }
        if let seed = run.seed { facts.append(("seed", "\(seed)")) }
        facts += [("status", run.status), ("subnetworks", "\(subnetworks.count)"), ("steps", "\(steps.count)"), ("created", run.createdAt)]
        html += facts.map { "<span>\(e($0.0)) <b>\(e($0.1))</b></span>" }.joined() + "</p>\n"
        html += "<p><a href=\"/api/runs/\(path(run.name))\">JSON</a> · <a href=\"/api/runs/\(path(run.name))/collapse\">collapse JSON</a> · <a href=\"/compare?runs=\(query(run.name))\">comparison page</a></p>\n"

        html += "<section id=\"steps\" data-steps=\"\(steps.count)\">\n<h2>Steps</h2>\n"
        html += HTMLRenderer.render(ReportTable(header: ["Step", "Phase", "Target", "Sparsity", "Written"], rows: steps.map { s in
            ["\(s.index)", ReportText(s.phase), ReportText(s.targetSparsity.map { formatFixed($0, 3) } ?? "–"), ReportText(formatFixed(s.sparsity, 4)), ReportText(s.createdAt)]
        }, alignment: [.right, .left, .right, .right, .left]))
        html += "\n</section>\n"

        var figures = 0  // figures shown so far: the page numbers them on across its sections
        html += "<section id=\"similarity\">\n<h2>Mask similarity</h2>\n"
        if let last = steps.last {
            let chosen = step ?? last.index
            guard steps.contains(where: { $0.index == chosen }) else { throw WebViewError.notFound("run '\(run.name)' has no step \(chosen)") }
            html += selector(run: run, steps: steps, chosen: chosen, scope: scope, layout: try store.layout(of: run))
            let matrix = try SimilarityJSON(store: store, run: run, step: chosen, scope: scope)
            var doc = ReportDocument(title: "Similarity")
            doc.figure(heatmap(matrix), alt: "Mask Jaccard between subnetworks at step \(chosen)",
                       caption: "Jaccard similarity of the subnetworks' masks at step \(chosen) (sparsity \(formatFixed(matrix.sparsity, 3))), scope \(code: matrix.scope); "
                           + "mean off-diagonal \(matrix.mean_jaccard.map { formatFixed($0, 3) } ?? "n/a").")
            html += try HTMLRenderer.render(doc, title: false, idPrefix: "similarity") + "\n"
            figures += doc.figures.count
        } else {
            html += "<p>No steps yet; reload when the run has written its first step.</p>\n"
        }
        html += "</section>\n"

        html += "<section id=\"collapse\">\n"
        html += try section("Collapse diagnosis", idPrefix: "collapse", figures: &figures) {
            try CollapseReportWriter.document(store: store, run: run, toolVersion: toolVersion)
        }
        html += "</section>\n"

        if !subnetworks.isEmpty, subnetworks.allSatisfy({ $0.synset != nil }) {
            html += "<section id=\"semantic\">\n"
            html += try section("Semantic alignment", idPrefix: "semantic", figures: &figures) {
                try SemanticReportWriter.document(store: store, run: run, toolVersion: toolVersion, wordnet: try wordnet())
            }
            html += "</section>\n"
        }

        html += "<section id=\"config\">\n<h2>Configuration</h2>\n<pre><code>\(e(run.configJSON))</code></pre>\n</section>\n"
        let events = try store.events(of: run)
        html += "<section id=\"events\">\n<h2>Events</h2>\n"
        html += events.isEmpty ? "<p>No events.</p>" : HTMLRenderer.render(ReportTable(header: ["Step", "Kind", "Detail", "At"], rows: events.map { ev in
            [ReportText(ev.step.map(String.init) ?? "–"), ReportText(ev.kind), ReportText(ev.detail), ReportText(ev.at)]
        }, alignment: [.right, .left, .left, .left]))
        html += "\n</section>\n"
        return html
    }

    /// A report document under its own heading, or one line saying why it cannot be made (too few
    /// steps or subnetworks, no WordNet database): the rest of the page still shows.
    static func section(_ heading: String, idPrefix: String, figures: inout Int, _ make: () throws -> ReportDocument) throws -> String {
        let head = "<h2>\(HTMLRenderer.escape(heading))</h2>\n"
        do {
            let doc = try make()
            let html = try HTMLRenderer.render(doc, title: false, provenance: false, idPrefix: idPrefix, firstFigure: figures + 1, headingShift: 1)
            figures += doc.figures.count
            return head + html + "\n"
        } catch let error as StoreError {
            throw error
        } catch {
            return head + "<p class=\"note\">Not available: \(HTMLRenderer.escape(String(describing: error)))</p>\n"
        }
    }

    /// The step and scope selectors (a form that works without script; the script submits on change).
    static func selector(run: RunInfo, steps: [StepInfo], chosen: Int, scope: SimilarityJSON.Scope, layout: MaskLayout) -> String {
        let e = HTMLRenderer.escape
        var html = "<form class=\"controls\" method=\"get\" action=\"/runs/\(path(run.name))\"><label>Step<select name=\"step\" data-autosubmit>"
        for s in steps.reversed() {
            html += "<option value=\"\(s.index)\"\(s.index == chosen ? " selected" : "")>\(s.index) · \(e(s.phase)) · sparsity \(formatFixed(s.sparsity, 3))</option>"
        }
        html += "</select></label><label>Scope<select name=\"scope\" data-autosubmit>"
        let scopes: [SimilarityJSON.Scope] = [.global] + LayerGroup.allCases.map { .group($0) } + layout.tensors.map { .layer($0.name) }
        for s in scopes {
            html += "<option value=\"\(e(s.name))\"\(s == scope ? " selected" : "")>\(e(s.name))</option>"
        }
        return html + "</select></label><button class=\"nojs\">Show</button></form>\n"
    }

    /// The K×K Jaccard matrix as a heatmap, on the 0–1 scale of the semantic report's matrices.
    static func heatmap(_ m: SimilarityJSON) -> ReportFigure {
        let k = m.matrix.count
        let values: [[Double?]] = m.matrix.enumerated().map { i, row in row.enumerated().map { j, v in i == j ? nil : v } }
        let chart = Heatmap(title: "Step \(m.step), \(m.scope)", values: values, rowLabels: m.subnetworks, columnLabels: m.subnetworks,
                            range: 0...1, annotation: k <= 10 ? .values(decimals: 2) : .none, colorBarLabel: "Jaccard")
        let side = min(9, max(3.6, 2.2 + 0.35 * Double(k)))
        return ReportFigure(name: "similarity-\(m.step)", figure: Figure([.heatmap(chart)], fontSize: k > 12 ? 7 : 9),
                            size: .inches(width: side + 1.2, height: side, dpi: 100))
    }
}
