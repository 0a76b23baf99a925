import Foundation
import MaskKit
import Plots
import RunStore
import Testing
@testable import Reports

private func scratch() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-doc-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A small figure that draws.
private func chart(_ name: String) -> ReportFigure {
    let chart = LineChart(x: Axis("x"), y: Axis("y"), series: [Series("s", x: [0, 1, 2], y: [1, 0, 2])])
    return ReportFigure(name: name, figure: Figure([.lines(chart)]), size: .inches(width: 2, height: 1.5, dpi: 50))
}

@Suite struct ReportDocumentTests {
    @Test func tableCellsEscapePipesAndLineBreaksButNotOutsideTables() {
        var doc = ReportDocument(title: "a|b")
        doc.table(ReportTable(header: ["Run | name", "Value"],
                              rows: [["x|y", .strong("1|2")], ["\(code: "p|q")", "line\nbreak"]],
                              alignment: [.left, .right]))
        doc.paragraph("run \(code: "p|q") and a|b")
        #expect(doc.markdown == """
            # a|b

            | Run \\| name | Value |
            | --- | ---: |
            | x\\|y | **1\\|2** |
            | `p\\|q` | line break |

            run `p|q` and a|b

            """)
    }

    @Test func inlineStylesRenderAsMarkdown() {
        let text: ReportText = "\(emphasis: "Kept") is \(strong: "bold"), see \(link: "a.wav", to: "a.wav") and \(code: "x`y") (\(3) steps)"
        #expect(MarkdownRenderer.inline(text) == "*Kept* is **bold**, see [a.wav](a.wav) and `` x`y `` (3 steps)")
        #expect(text.plainText == "Kept is bold, see a.wav and x`y (3 steps)")
        // Neighbouring plain text is one span.
        #expect(("a" + ReportText("b") + "c").spans == [.plain("abc")])
    }

    @Test func figuresAreNumberedInOrderWithTheirCaptions() throws {
        var doc = ReportDocument(title: "Figures")
        #expect(doc.figure(chart("one"), alt: "First", caption: "The first.") == 1)
        doc.heading("Section")
        #expect(doc.figure(chart("two"), alt: "Second", caption: "The \(emphasis: "second").") == 2)
        #expect(doc.figures.map(\.number) == [1, 2] && doc.figures.map(\.file) == ["one.png", "two.png"])
        let md = doc.markdown
        #expect(md.contains("![First](one.png)\n\n*Figure 1. The first.*\n\n## Section\n\n![Second](two.png)\n\n*Figure 2. The *second*.*\n"))
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try doc.write(to: ReportDirectory(dir))
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["README.md", "one.png", "two.png"])
        #expect(try String(contentsOfFile: dir + "/README.md", encoding: .utf8) == md)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/one.png")) == (try chart("one").rendered(as: .png)))
    }

    @Test func aFigureThatCannotBeDrawnWritesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var doc = ReportDocument(title: "Broken")
        doc.figure(chart("good"), alt: "Good", caption: "Draws.")
        doc.figure(ReportFigure(name: "bad", figure: Figure([]), size: .report), alt: "Bad", caption: "Has no charts.")
        doc.attach("example.wav", data: Data([1, 2, 3]))
        #expect(throws: ReportError.figure(name: "bad", reason: PlotError.noCharts.description)) { try doc.write(to: ReportDirectory(dir)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [])
    }

    @Test func aFailedWriteLeavesNoPartialFileAndKeepsTheOldReadme() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var doc = ReportDocument(title: "Report")
        doc.paragraph("text")
        doc.attach("data.bin", data: Data([1]))
        // The attachment's name is taken by a non-empty directory: renaming over it fails after the bytes were written.
        try FileManager.default.createDirectory(atPath: dir + "/data.bin/child", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/README.md"))
        #expect(throws: ReportError.self) { try doc.write(to: ReportDirectory(dir)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["README.md", "data.bin"])
        #expect(try String(contentsOfFile: dir + "/README.md", encoding: .utf8) == "old")
    }

    @Test func twoFilesWithOneNameAreRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var doc = ReportDocument(title: "Twice")
        doc.figure(chart("same"), alt: "A", caption: "A.")
        doc.figure(chart("same"), alt: "B", caption: "B.")
        #expect(throws: ReportError.unwritableDirectory(path: dir, reason: "two files of the report are named same.png")) { try doc.write(to: ReportDirectory(dir)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [])
    }

    @Test func provenanceListsRunsAndIndentedConfiguration() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try RunStore(path: dir + "/db.sqlite", mode: .write)
        let run = try store.createRun(NewRun(name: "r1", method: "rtl", configJSON: #"{"seed":4}"#),
                                      layout: try MaskLayout([.init(name: "w", shape: [8])]), subnetworks: [SubnetworkInfo(index: 0, name: "a")])
        var doc = ReportDocument(title: "P")
        doc.provenance(try ReportProvenance(store: store, runs: [run], toolVersion: "test"))
        #expect(doc.markdown.hasSuffix("""
            ## Provenance

            - Database: `\(store.path)`
            - TicketScope test
            - Run `r1`: method rtl, status running, created \(run.createdAt), 0 steps

              Configuration:

              ```json
              {"seed":4}
              ```

            """))
    }
}

@Suite struct HTMLRendererTests {
    @Test func everyTextIsEscapedAndStylesBecomeElements() throws {
        var doc = ReportDocument(title: "<script>alert(1)</script>")
        doc.paragraph("run \(code: "<b>") is \(strong: "&best") and \(emphasis: "\"quoted\"") \(link: "a'b", to: "x\"y.wav")")
        doc.table(ReportTable(header: ["<th>", "n"], rows: [["<td>", "1"]], alignment: [.left, .right]))
        doc.note("<i>note</i>")
        doc.code("{\"a\": \"<x>\"}", language: "json")
        let html = try HTMLRenderer.render(doc)
        #expect(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(html.contains("<p>run <code>&lt;b&gt;</code> is <strong>&amp;best</strong> and <em>&quot;quoted&quot;</em> <a href=\"x&quot;y.wav\">a&#39;b</a></p>"))
        #expect(html.contains("<th>&lt;th&gt;</th><th class=\"num\">n</th>") && html.contains("<td>&lt;td&gt;</td><td class=\"num\">1</td>"))
        #expect(html.contains("<blockquote>&lt;i&gt;note&lt;/i&gt;</blockquote>"))
        #expect(html.contains("<pre><code class=\"language-json\">{&quot;a&quot;: &quot;&lt;x&gt;&quot;}</code></pre>"))
        #expect(!html.contains("<script") && !html.contains("<i>") && !html.contains("<x>"))
    }

    @Test func figuresAreInlineSVGWithPrefixedIdsAndNumberedCaptions() throws {
        var doc = ReportDocument(title: "F")
        doc.heading("Section")
        doc.figure(chart("one"), alt: "First <chart>", caption: "The first.")
        doc.figure(chart("two"), alt: "Second", caption: "The second.")
        let html = try HTMLRenderer.render(doc, title: false, idPrefix: "p", firstFigure: 3, headingShift: 1)
        #expect(html.hasPrefix("<h3>Section</h3>"))
        #expect(html.contains("<figcaption><strong>Figure 3.</strong> The first.</figcaption>") && html.contains("<strong>Figure 4.</strong> The second."))
        #expect(html.components(separatedBy: "<svg role=\"img\" aria-label=\"").count == 3 && html.contains("aria-label=\"First &lt;chart&gt;\""))
        #expect(!html.contains("<?xml"))
        // Every id and reference inside one figure carries that figure's prefix, so two figures never share one.
        let ids = try NSRegularExpression(pattern: #"id="([^"]+)""#).matches(in: html, range: NSRange(html.startIndex..., in: html))
            .compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
        #expect(!ids.isEmpty && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("p-f1-") || $0.hasPrefix("p-f2-") || $0.hasPrefix("p-figure-") })
        #expect(!html.contains("href=\"#glyph") && !html.contains("url(#clip"))
    }
}
