import Foundation
import Reports
import RunStore

/// `/`: every run with its method, dataset, status, steps, last sparsity and best quality; filtered by
/// a text and sorted by a column, both in the query so that a link keeps the view.
enum RunsPage {
    /// The sortable columns.
    enum Column: String, CaseIterable {
        case name, method, dataset, status, steps, sparsity, quality

        var title: String {
            switch self {
            case .name: return "Run"
            case .method: return "Method"
            case .dataset: return "Dataset"
            case .status: return "Status"
            case .steps: return "Steps"
            case .sparsity: return "Last sparsity"
            case .quality: return "Best quality"
            }
        }

        var numeric: Bool { [.steps, .sparsity, .quality].contains(self) }
    }

    static func html(store: RunStore, filter: String, sort: Column, descending: Bool) throws -> String {
        let all = try store.runs().map { try RunSummary(store: store, run: $0) }
        let needle = filter.lowercased()
        let shown = all.filter { s in
            needle.isEmpty || [s.info.name, s.info.method, s.info.dataset ?? "", s.info.status, s.info.model ?? ""]
                .contains { $0.lowercased().contains(needle) }
        }.sorted { a, b in less(a, b, sort) || (!less(b, a, sort) && a.info.name < b.info.name) }
        let ordered = descending ? Array(shown.reversed()) : shown
        let e = HTMLRenderer.escape
        var html = "<h1>Runs</h1>\n"
        html += "<form class=\"controls\" method=\"get\" action=\"/\"><label>Filter<input type=\"search\" name=\"filter\" value=\"\(e(filter))\" placeholder=\"name, method, dataset, status\"></label>"
        html += "<input type=\"hidden\" name=\"sort\" value=\"\(sort.rawValue)\"><input type=\"hidden\" name=\"order\" value=\"\(descending ? "desc" : "asc")\"><button>Filter</button></form>\n"
        html += "<p class=\"facts\"><span><b>\(shown.count)</b> of \(all.count) runs</span><span>Tick runs and press Compare to compare them.</span></p>\n"
        html += "<form method=\"get\" action=\"/compare\"><div class=\"table\"><table id=\"runs\">\n<thead><tr><th></th>"
        for c in Column.allCases {
            let next = c == sort && !descending ? "desc" : "asc"
            let arrow = c == sort ? (descending ? " ↓" : " ↑") : ""
            html += "<th\(c.numeric ? " class=\"num\"" : "")><a href=\"/?filter=\(query(filter))&amp;sort=\(c.rawValue)&amp;order=\(next)\">\(c.title)\(arrow)</a></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for s in ordered {
            let quality = s.bestQuality.map { "\(formatFixed($0.value, 3)) <span class=\"unit\">\(e($0.metric))</span>" } ?? "–"
            html += "<tr><td><input type=\"checkbox\" name=\"runs\" value=\"\(e(s.info.name))\" aria-label=\"compare \(e(s.info.name))\"></td>"
            html += "<td><a href=\"/runs/\(path(s.info.name))\">\(e(s.info.name))</a></td><td>\(e(s.info.method))</td><td>\(e(s.info.dataset ?? "–"))</td>"
            html += "<td>\(e(s.info.status))</td><td class=\"num\">\(s.steps)</td><td class=\"num\">\(s.lastSparsity.map { formatFixed($0, 3) } ?? "–")</td>"
            html += "<td class=\"num\">\(quality)</td></tr>\n"
        }
        html += "</tbody>\n</table></div><button>Compare</button></form>\n"
        if all.isEmpty { html += "<p>The store has no runs yet; a training run writing to it appears here on reload.</p>\n" }
        return html
    }

    private static func less(_ a: RunSummary, _ b: RunSummary, _ c: Column) -> Bool {
        switch c {
        case .name: return a.info.name < b.info.name
        case .method: return a.info.method < b.info.method
        case .dataset: return (a.info.dataset ?? "") < (b.info.dataset ?? "")
        case .status: return a.info.status < b.info.status
        case .steps: return a.steps < b.steps
        case .sparsity: return (a.lastSparsity ?? -1) < (b.lastSparsity ?? -1)
        case .quality: return (a.bestQuality?.value ?? -.infinity) < (b.bestQuality?.value ?? -.infinity)
        }
    }
}

/// A text as a percent-encoded URL path segment (HTML-safe too).
func path(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#&'\"<>%"))) ?? ""
}

/// A text as a percent-encoded query value (HTML-safe too).
func query(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
}
