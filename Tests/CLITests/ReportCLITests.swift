import Foundation
import Testing

@Suite struct ReportCLITests {
    @Test func reportsAndComparisonFromTheExample() throws {
        let dir = scratchDirectory()
        #expect(try ticketscope(["example", "--out", "ex"], in: dir).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ex").path).sorted()
            .filter { $0.hasSuffix(".npz") }.map { "ex/" + $0 }
        #expect(try ticketscope(["import", "--run", "ex"] + files, in: dir).status == 0)
        #expect(try ticketscope(["import-metrics", "--run", "ex", "ex/metrics.csv"], in: dir).status == 0)
        let c = try ticketscope(["report", "collapse", "--run", "ex", "--out", "out/collapse"], in: dir)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.split(separator: "\n") == ["out/collapse/README.md", "out/collapse/collapse.png"])
        let s = try ticketscope(["report", "semantic", "--run", "ex", "--preset", "cifar10", "--out", "out/semantic"], in: dir)
        #expect(s.status == 0, "\(s.stderr)")
        let cmp = try ticketscope(["compare", "ex", "--out", "out/compare"], in: dir)
        #expect(cmp.status == 0, "\(cmp.stderr)")
        let md = try String(contentsOf: dir.appendingPathComponent("out/compare/README.md"), encoding: .utf8)
        #expect(md.contains("| 74% | ex |"))
        // Same database, same Markdown.
        #expect(try ticketscope(["report", "collapse", "--run", "ex", "--out", "again"], in: dir).status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("again/README.md")) == Data(contentsOf: dir.appendingPathComponent("out/collapse/README.md")))
    }

    @Test func badReportInputs() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 2
        try writeStep(dir.appendingPathComponent("a.npz"), subnetworks: ["cat", "dog", "ship"], layers: [("w", [50])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "r", "a.npz"], in: dir).status == 0)
        try Data("x".utf8).write(to: dir.appendingPathComponent("taken"))
        expectCleanFailure(try ticketscope(["report", "collapse", "--run", "r", "--out", "taken"], in: dir), mentions: ["taken", "it is a file"])
        expectCleanFailure(try ticketscope(["report", "collapse", "--run", "zz", "--out", "o"], in: dir), mentions: ["no run named 'zz'"])
        expectCleanFailure(try ticketscope(["compare", "r", "zz", "--out", "o"], in: dir), mentions: ["no run named 'zz'"])
    }
}
