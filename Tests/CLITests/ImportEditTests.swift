import Foundation
import Testing
import TensorFiles

/// Re-imports, step placement, deleting, concurrent creation, interrupted imports and metric validation.
@Suite struct ImportEditTests {
    let subs = ["a", "b"]
    let layers: [(String, [Int])] = [("conv", [4, 3]), ("fc", [70])]

    func files(_ names: [String], in dir: URL, seed start: UInt64 = 9) throws {
        var seed = start
        for n in names { try writeStep(dir.appendingPathComponent(n), subnetworks: subs, layers: layers, keep: 0.5, seed: &seed) }
    }

    @Test func duplicatesStepsAndReplacing() throws {
        let dir = scratchDirectory()
        try files(["s0.npz", "s1.npz", "s2.npz"], in: dir)
        #expect(try ticketscope(["import", "--run", "r", "s0.npz", "s1.npz"], in: dir).status == 0)
        // The same file again is refused (whole command: nothing written), unless --allow-duplicate.
        expectCleanFailure(try ticketscope(["import", "--run", "r", "s1.npz"], in: dir), mentions: ["s1.npz", "same masks as step 1", "--allow-duplicate"])
        expectCleanFailure(try ticketscope(["import", "--run", "r", "s2.npz", "s2.npz"], in: dir), mentions: ["s2.npz", "same masks", "the step before it"])
        #expect(try stepCount("r", in: dir) == 2)
        #expect(try ticketscope(["import", "--run", "r", "--allow-duplicate", "s1.npz"], in: dir).status == 0)
        #expect(try stepCount("r", in: dir) == 3)
        // --step: an existing step needs --replace; a gap is refused; the next index appends.
        expectCleanFailure(try ticketscope(["import", "--run", "r", "--step", "1", "s2.npz"], in: dir), mentions: ["already has step 1", "--replace"])
        expectCleanFailure(try ticketscope(["import", "--run", "r", "--step", "5", "s2.npz"], in: dir), mentions: ["--step 5", "gap"])
        try Data("step,subnetwork,split,name,value\n1,a,validation,balanced_accuracy,0.7\n".utf8).write(to: dir.appendingPathComponent("m.csv"))
        #expect(try ticketscope(["import-metrics", "--run", "r", "m.csv"], in: dir).status == 0)
        let replaced = try ticketscope(["import", "--run", "r", "--step", "1", "--replace", "s2.npz"], in: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("replaced") && replaced.stdout.contains("1 metric values were dropped"), "\(replaced.stdout)")
        let again = try ticketscope(["import", "--run", "r", "--step", "1", "--replace", "s2.npz"], in: dir)
        #expect(again.status == 0 && again.stdout.contains("unchanged"), "\(again.stdout)")
        #expect(try stepCount("r", in: dir) == 3)
        let sim = try json(try ticketscope(["similarity", "--run", "r", "--step", "1", "--json"], in: dir))
        let s2 = try json(try ticketscope(["similarity", "--run", "r", "--step", "2", "--json"], in: dir)) // s1 again
        #expect((sim["matrix"] as? [[Double]]) != (s2["matrix"] as? [[Double]]))
        #expect(try ticketscope(["import", "--run", "r", "--step", "3", "s0.npz"], in: dir).status == 0)
        #expect(try stepCount("r", in: dir) == 4)
    }

    /// A mask row damaged with sqlite3 makes the duplicate check fail with one line, not a trap.
    @Test func corruptStoredStepIsReportedByTheDuplicateCheck() throws {
        let dir = scratchDirectory()
        try files(["s0.npz", "s1.npz"], in: dir)
        #expect(try ticketscope(["import", "--run", "r", "s0.npz"], in: dir).status == 0)
        try runPython("import sqlite3; c=sqlite3.connect('runs.sqlite'); c.execute(\"UPDATE mask SET bits=x'0102030405' WHERE layer_idx=1\"); c.commit()", in: dir)
        expectCleanFailure(try ticketscope(["import", "--run", "r", "s1.npz"], in: dir), mentions: ["corrupt store", "step 0"])
        #expect(try stepCount("r", in: dir) == 1)
    }

    /// A torch.save zip (an archive holding data.pkl) is named as a PyTorch checkpoint.
    @Test func torchZipIsRefusedWithAConversionHint() throws {
        let dir = scratchDirectory()
        try runPython("import zipfile; z=zipfile.ZipFile('model.pt','w'); z.writestr('model/data.pkl', b'x'); z.writestr('model/data/0', b'y'); z.close()", in: dir)
        expectCleanFailure(try ticketscope(["import", "--run", "t", "model.pt"], in: dir), mentions: ["model.pt", "torch.save zip", "save_file"])
        #expect(try stepCount("t", in: dir) == nil)
    }

    @Test func deleteStepsAndRuns() throws {
        let dir = scratchDirectory()
        try files(["s0.npz", "s1.npz", "s2.npz"], in: dir)
        #expect(try ticketscope(["import", "--run", "r", "s0.npz", "s1.npz", "s2.npz"], in: dir).status == 0)
        #expect(try ticketscope(["import", "--run", "keep", "s0.npz"], in: dir).status == 0)
        expectCleanFailure(try ticketscope(["delete", "--run", "r", "--step", "0"], in: dir), mentions: ["step 0 is not the last", "--force"])
        expectCleanFailure(try ticketscope(["delete", "--run", "r", "--step", "9"], in: dir), mentions: ["no step 9"])
        expectCleanFailure(try ticketscope(["delete", "--run", "nope"], in: dir), mentions: ["no run named 'nope'"])
        #expect(try stepCount("r", in: dir) == 3)
        #expect(try ticketscope(["delete", "--run", "r", "--step", "2"], in: dir).status == 0)
        #expect(try stepCount("r", in: dir) == 2)
        // The last step is gone, so importing s2 again is no duplicate.
        #expect(try ticketscope(["import", "--run", "r", "s2.npz"], in: dir).status == 0)
        #expect(try ticketscope(["delete", "--run", "r", "--step", "0", "--force"], in: dir).status == 0)
        let steps = try json(try ticketscope(["inspect", "--run", "r", "--json"], in: dir))["steps"] as? [[String: Any]]
        #expect(steps?.compactMap { $0["index"] as? Int } == [1, 2], "indices are kept, leaving a gap")
        #expect(try ticketscope(["import", "--run", "r", "--step", "0", "s0.npz"], in: dir).status == 0, "the gap can be filled")
        #expect(try ticketscope(["delete", "--run", "r"], in: dir).status == 0)
        #expect(try stepCount("r", in: dir) == nil)
        #expect(try stepCount("keep", in: dir) == 1)
    }

    /// Two processes creating the same new run at once both succeed (create-or-open in one transaction).
    @Test func twoProcessesCreateTheSameRun() throws {
        let dir = scratchDirectory()
        try files(["x.npz", "y.npz"], in: dir)
        for attempt in 0..<6 {
            let db = "same\(attempt).sqlite"
            let processes = try ["x.npz", "y.npz"].map { try startTicketscope(["import", "--db", db, "--run", "S", $0], in: dir) }
            for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0, "attempt \(attempt)") }
            let r = try ticketscope(["inspect", "--db", db, "--run", "S", "--json"], in: dir)
            #expect((try json(r)["steps"] as? [Any])?.count == 2, "attempt \(attempt)")
        }
    }

    /// An import killed after its first step: the next import says what it stored and what it did not.
    @Test func interruptedImportIsReportedByTheNextOne() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 21
        let big: [(String, [Int])] = [("w", [1 << 20])]
        let names = (0..<6).map { "big\($0).npz" }
        for n in names { try writeStep(dir.appendingPathComponent(n), subnetworks: subs, layers: big, keep: 0.5, seed: &seed) }
        let out = Pipe()
        let p = try startTicketscope(["import", "--run", "big"] + names, in: dir, stdout: out)
        waitForFirstLine(out)  // one line per stored step: the kill lands after the first
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let stored = try #require(try stepCount("big", in: dir))
        #expect(stored >= 1 && stored < names.count, "killed after its first step: \(stored) stored")
        try writeStep(dir.appendingPathComponent("next.npz"), subnetworks: subs, layers: big, keep: 0.3, seed: &seed)
        let next = try ticketscope(["import", "--run", "big", "next.npz"], in: dir)
        #expect(next.status == 0)
        #expect(next.stderr.contains("warning: the previous import into run 'big'") && next.stderr.contains("did not finish")
                && next.stderr.contains("stored step") && next.stderr.contains("big0.npz") && next.stderr.contains("not stored: "), "\(next.stderr)")
        // Once an import finishes, the note is not repeated.
        try writeStep(dir.appendingPathComponent("last.npz"), subnetworks: subs, layers: big, keep: 0.2, seed: &seed)
        #expect(!(try ticketscope(["import", "--run", "big", "last.npz"], in: dir).stderr.contains("did not finish")))
    }

    @Test func importMetricsValidates() throws {
        let dir = scratchDirectory()
        try files(["s0.npz"], in: dir)
        #expect(try ticketscope(["import", "--run", "r", "s0.npz"], in: dir).status == 0)
        let header = "step,subnetwork,split,name,value\n"
        let bad: [(String, String, [String])] = [
            ("split.csv", "0,a,valid,balanced_accuracy,0.8\n", ["unknown split 'valid'", "'validation'"]),
            ("name.csv", "0,a,validation,balanced-accuracy,0.8\n", ["unknown metric 'balanced-accuracy'", "'balanced_accuracy'", "--allow-custom"]),
            ("pct.csv", "0,a,test,balanced_accuracy,85.3\n", ["85.3", "outside [0, 1]", "0.853"]),
            ("recall.csv", "0,,test,recall,-0.1\n", ["recall", "outside [0, 1]"]),
            ("inf.csv", "0,a,test,precision,inf\n", ["finite"]),
        ]
        for (name, rows, fragments) in bad {
            try Data((header + rows).utf8).write(to: dir.appendingPathComponent(name))
            expectCleanFailure(try ticketscope(["import-metrics", "--run", "r", name], in: dir), mentions: [name] + fragments)
        }
        try Data((header + "0,a,validation,balanced_accuracy,0.8\n").utf8).write(to: dir.appendingPathComponent("ok.csv"))
        #expect(try ticketscope(["import-metrics", "--run", "r", "ok.csv"], in: dir).status == 0)
        try Data((header + "0,a,validation,balanced_accuracy,0.9\n").utf8).write(to: dir.appendingPathComponent("new.csv"))
        expectCleanFailure(try ticketscope(["import-metrics", "--run", "r", "new.csv"], in: dir), mentions: ["already stored", "--replace"])
        #expect(try ticketscope(["import-metrics", "--run", "r", "--replace", "new.csv"], in: dir).stdout.contains("1 replaced"))
        try Data((header + "0,a,validation,my_score,3\n").utf8).write(to: dir.appendingPathComponent("custom.csv"))
        #expect(try ticketscope(["import-metrics", "--run", "r", "--allow-custom", "custom.csv"], in: dir).status == 0)
    }
}
