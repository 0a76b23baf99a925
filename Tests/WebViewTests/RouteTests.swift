import Foundation
import Reports
import RunStore
import StoreJSON
import Testing
@testable import WebView

/// The web view's suites, one after another: the load test would slow the others' requests past their time-outs.
@Suite(.serialized) enum WebView {}

extension WebView {
/// Every route of `ticketscope serve` over real HTTP on loopback.
@Suite(.serialized) struct RouteTests {
    let dir: String, path: String

    init() throws {
        dir = try scratchDirectory()
        path = dir + "/runs.sqlite"
        let store = try RunStore(path: path, mode: .write)
        let run = try plantedRun(store, name: "planted")
        try store.addEvent(.earlyStop, detail: "stopped <early>", step: 7, run: run)
        try plantedRun(store, name: "<script>alert(1)</script>", steps: 5, method: "imp-single")
    }

    @Test func runsPageListsEveryRunEscapedAndSortsAndFilters() async throws {
        try await withServer(store: path) { port in
            let page = try request(port, "/")
            #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.text.contains(">planted</a>") && page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("<td class=\"num\">8</td>") && page.text.contains("balanced_accuracy"))
            let sorted = try request(port, "/?sort=steps&order=desc").text
            let a = try #require(sorted.range(of: ">planted</a>")), b = try #require(sorted.range(of: "&lt;script&gt;alert(1)&lt;/script&gt;</a>"))
            #expect(a.lowerBound < b.lowerBound)
            let ascending = try request(port, "/?sort=steps&order=asc").text
            #expect(try #require(ascending.range(of: ">planted</a>")).lowerBound > (try #require(ascending.range(of: "&lt;script&gt;alert(1)&lt;/script&gt;</a>"))).lowerBound)
            let filtered = try request(port, "/?filter=imp-single").text
            #expect(!filtered.contains(">planted</a>") && filtered.contains("<b>1</b> of 2 runs"))
        }
    }

    @Test func runPageHasStepsFiguresSemanticConfigAndEvents() async throws {
        try await withServer(store: path) { port in
            let page = try request(port, "/runs/planted")
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains("data-steps=\"8\""))
            for section in ["steps", "similarity", "collapse", "semantic", "config", "events"] { #expect(html.contains("<section id=\"\(section)\"")) }
            // Similarity heatmap, collapse small multiples, semantic figures: all inline SVG with captions.
            #expect(occurrences(of: "<svg ", in: html) >= 5)
            #expect(html.contains("<figcaption><strong>Figure 1.</strong> Jaccard similarity of the subnetworks&#39; masks at step 7"))
            #expect(html.contains("<figcaption><strong>Figure 2.</strong> One panel per subnetwork"))
            #expect(html.contains("<h3>Onsets per subnetwork</h3>"))
            #expect(html.contains("&lt;b&gt;x&lt;/b&gt;") && html.contains("stopped &lt;early&gt;"))
            // Ids inside the SVGs are prefixed per figure, so no two figures share one.
            #expect(html.contains("id=\"similarity-f1-") && html.contains("id=\"collapse-f1-"))
            let chosen = try request(port, "/runs/planted?step=2&scope=group%3Adeep")
            #expect(chosen.status == 200 && chosen.text.contains("masks at step 2 (sparsity ") && chosen.text.contains("scope <code>group:deep</code>"))
            #expect(chosen.text.contains("<option value=\"2\" selected>"))
        }
    }

    @Test func hostileRunNameRendersAsText() async throws {
        try await withServer(store: path) { port in
            let page = try request(port, "/runs/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(page.status == 200)
            #expect(page.text.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
            #expect(occurrences(of: "<script", in: page.text) == 1)  // only the page's own /static/app.js
        }
    }

    @Test func comparePageHasTheTableAndCurves() async throws {
        try await withServer(store: path) { port in
            let page = try request(port, "/compare?runs=planted,%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(page.status == 200)
            #expect(page.text.contains("<h2>Table</h2>") && page.text.contains("Balanced accuracy ↑"))
            #expect(page.text.contains("<strong>Figure 1.</strong>") && occurrences(of: "<svg ", in: page.text) >= 1)
            let checkboxes = try request(port, "/compare?runs=planted&runs=planted")
            #expect(checkboxes.status == 200)
            #expect(try request(port, "/compare").status == 400)
            let missing = try request(port, "/compare?runs=planted,nope")
            #expect(missing.status == 404 && missing.text.contains("no run named &#39;nope&#39;"))
        }
    }

    @Test func jsonMirrorsTheCLI() async throws {
        let store = try RunStore(path: path, mode: .read)
        let run = try #require(try store.runs().first { $0.name == "planted" })
        try await withServer(store: path) { port in
            let runs = try request(port, "/api/runs")
            #expect(runs.status == 200 && runs.headers["content-type"] == "application/json; charset=utf-8")
            let list = try #require(try JSONSerialization.jsonObject(with: runs.body) as? [[String: Any]])
            #expect(list.map { $0["name"] as? String } == ["planted", "<script>alert(1)</script>"])
            #expect(list.map { $0["steps"] as? Int } == [8, 5])
            #expect(runs.body == (try JSONOutput.encoded(try store.runs().map { try RunListEntry(store: store, run: $0) })))
            #expect(try request(port, "/api/runs/planted").body == (try JSONOutput.encoded(try RunDetail(store: store, run: run))))
            let similarity = try request(port, "/api/runs/planted/similarity?step=3&scope=group:shallow")
            #expect(similarity.body == (try JSONOutput.encoded(try SimilarityJSON(store: store, run: run, step: 3, scope: .group(.shallow)))))
            let collapse = try request(port, "/api/runs/planted/collapse")
            let object = try #require(try JSONSerialization.jsonObject(with: collapse.body) as? [String: Any])
            #expect(object["run"] as? String == "planted" && (object["steps"] as? [Int])?.count == 8)
            #expect(try request(port, "/api/runs/planted/similarity?step=99").status == 404)
            #expect(try request(port, "/api/runs/planted/similarity?scope=layer:nope").status == 400)
            #expect(try request(port, "/api/runs/nope").status == 404)
            #expect(try request(port, "/api/runs/planted/collapse?measure=odd").status == 400)
            #expect(try request(port, "/api/nothing").status == 404)
        }
    }

    @Test func unknownRoutesRunsAndStepsAre404AndNothingWrites() async throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try await withServer(store: path) { port in
            for p in ["/nope", "/runs/nope", "/runs/planted?step=99", "/static/nope.css", "/static/..%2F..%2Fetc%2Fpasswd", "/runs/planted/extra"] {
                let r = try request(port, p)
                #expect(r.status == 404, "\(p)")
                #expect(r.text.contains("<h1>Not found</h1>") && r.body.count < 2000, "\(p)")
            }
            #expect(try request(port, "/runs/planted?step=x").status == 400)
            for method in ["POST", "PUT", "DELETE"] { #expect(try request(port, "/", method: method).status == 404) }
            let css = try request(port, "/static/style.css")
            #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8")
            #expect(try request(port, "/static/app.js").text.contains("data-autosubmit"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func newStepsAppearOnReload() async throws {
        let store = try RunStore(path: path, mode: .write)
        let run = try store.createRun(NewRun(name: "growing", method: "rtl"), layout: plantedLayout,
                                      subnetworks: (0..<4).map { SubnetworkInfo(index: $0, name: "s\($0)") })
        try await withServer(store: path) { port in
            #expect(try request(port, "/runs/growing").text.contains("No steps yet"))
            try appendPlantedStep(store, run: run, index: 0)
            try appendPlantedStep(store, run: run, index: 1)
            #expect(try request(port, "/runs/growing").text.contains("data-steps=\"2\""))
            try appendPlantedStep(store, run: run, index: 2)
            #expect(try request(port, "/runs/growing").text.contains("data-steps=\"3\""))
        }
    }

    @Test func aCorruptStoreIsA500PageAndTheServerStaysUp() async throws {
        let copy = dir + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try await withServer(store: copy) { port in
            #expect(try request(port, "/").status == 200)
            let good = try Data(contentsOf: URL(fileURLWithPath: copy))
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: copy))
            for p in ["/", "/runs/planted", "/api/runs"] {
                let r = try request(port, p)
                #expect(r.status == 500, "\(p)")
                #expect(r.text.contains("is not an SQLite database"), "\(p)")
            }
            let page = try request(port, "/").text
            #expect(page.contains("<h1>The store cannot be read</h1>") && page.contains("<p class=\"error\">&#39;\(copy)&#39; is not an SQLite database</p>"))
            try good.write(to: URL(fileURLWithPath: copy))
            #expect(try request(port, "/").status == 200)
        }
    }
}
}
