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
