import Reports
import RunStore

/// `/compare?runs=A,B`: the comparison report's document — the paper's Table 1 layout, training cost
/// and the overlaid curves — rendered as HTML.
enum ComparePage {
    static func html(store: RunStore, names: [String], toolVersion: String) throws -> String {
        guard !names.isEmpty else { throw WebViewError.badRequest("give the runs to compare: /compare?runs=A,B") }
        let runs = try names.map { name in
            guard let run = try store.runs().first(where: { $0.name == name }) else { throw WebViewError.notFound("no run named '\(name)'") }
            return run
        }
        let links = runs.map { "<a href=\"/runs/\(path($0.name))\">\(HTMLRenderer.escape($0.name))</a>" }.joined(separator: " · ")
        let doc = try ComparisonReportWriter.document(store: store, runs: runs, toolVersion: toolVersion)
        return "<p class=\"facts\">\(links)</p>\n" + (try HTMLRenderer.render(doc, idPrefix: "compare"))
    }
}
