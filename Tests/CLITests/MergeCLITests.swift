import Foundation
import Testing

/// `ticketscope merge`: all or nothing into a new file, identical runs kept once, conflicts and
/// self-merges refused, inputs (also version 1) never changed, the result readable by every command.
@Suite struct MergeCLITests {
    /// A store in `dir` with one imported run of two steps.
    func store(_ dir: URL, _ file: String, run: String, seed start: UInt64) throws -> URL {
        var seed = start
        for t in 0..<2 {
            _ = try writeStep(dir.appendingPathComponent("\(run)-\(start)-\(t).npz"), subnetworks: ["cat", "dog"],
                              layers: [("conv.weight", [4, 3]), ("fc.weight", [10])], keep: 0.6 - 0.2 * Double(t), seed: &seed)
        }
        let db = dir.appendingPathComponent(file)
        let r = try ticketscope(["import", "--db", db.path, "--run", run, "\(run)-\(start)-0.npz", "\(run)-\(start)-1.npz"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    func contents(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    @Test func mergesKeepingIdenticalRunsOnceWithoutTouchingTheInputs() throws {
        let dir = scratchDirectory()
        let v1 = try copyV1Store(into: dir)
        let b = try store(dir, "b.sqlite", run: "new", seed: 3)
        let c = dir.appendingPathComponent("c.sqlite")
        try FileManager.default.copyItem(at: b, to: c)
        let before = try [v1, b, c].map { try Data(contentsOf: $0) }
        let r = try ticketscope(["merge", "--out", "all.sqlite", "v1.sqlite", "b.sqlite", "c.sqlite", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r)
        #expect(report["runs"] as? [String] == ["ex", "new"])
        let duplicates = try #require(report["duplicates"] as? [[String: Any]])
        #expect(duplicates.count == 1 && duplicates.first?["run"] as? String == "new")
        #expect(duplicates.first?["files"] as? [String] == ["b.sqlite", "c.sqlite"])
        #expect(try [v1, b, c].map { try Data(contentsOf: $0) } == before, "merge changed an input")
        #expect(try sqlite(v1, "PRAGMA user_version") == "1")
        #expect(!(try contents(dir)).contains { $0.hasPrefix(".all.sqlite") }, "temporary file left behind")

        let all = dir.appendingPathComponent("all.sqlite")
        #expect(try sqlite(all, "PRAGMA user_version") == "2")
        for (run, source) in [("ex", v1), ("new", b)] {
            let merged = try ticketscope(["similarity", "--db", all.path, "--run", run, "--json"], in: dir)
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == (try ticketscope(["similarity", "--db", source.path, "--run", run, "--json"], in: dir)).stdout)
            let inspect = try ticketscope(["inspect", "--db", all.path, "--run", run, "--json"], in: dir)
            #expect(inspect.stdout == (try ticketscope(["inspect", "--db", source.path, "--run", run, "--json"], in: dir)).stdout)
        }
        #expect(try sqlite(all, "SELECT count(*) FROM metric") == (try sqlite(v1, "SELECT count(*) FROM metric")))
        #expect(try sqlite(all, "SELECT count(*) FROM event") == String(Int(try sqlite(v1, "SELECT count(*) FROM event"))! + Int(try sqlite(b, "SELECT count(*) FROM event"))!))
        for command in [["collapse", "--run", "ex"], ["compare", "ex", "new", "--out", "rep"], ["verify"], ["runs"]] {
            let out = try ticketscope(command + ["--db", all.path], in: dir)
            #expect(out.status == 0, "\(command): \(out.stderr)")
        }
        // The merged store takes writes like any other.
        _ = try store(dir, "all.sqlite", run: "later", seed: 9)
    }

    @Test func aDirectoryOfStoresMergesInNameOrder() throws {
        let dir = scratchDirectory()
        let sweep = dir.appendingPathComponent("sweep")
        try FileManager.default.createDirectory(at: sweep, withIntermediateDirectories: true)
        _ = try store(sweep, "b.sqlite", run: "second", seed: 1)
        _ = try store(sweep, "a.sqlite", run: "first", seed: 2)
        let r = try ticketscope(["merge", "--out", "all.sqlite", "sweep", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try json(r)["runs"] as? [String] == ["first", "second"])
    }

    @Test func sameNameWithDifferentContentWritesNothing() throws {
        let dir = scratchDirectory()
        _ = try store(dir, "a.sqlite", run: "x", seed: 1)
        _ = try store(dir, "b.sqlite", run: "x", seed: 2)
        let r = try ticketscope(["merge", "--out", "all.sqlite", "a.sqlite", "b.sqlite"], in: dir)
        expectCleanFailure(r, mentions: ["run 'x'", "a.sqlite", "b.sqlite", "with different", "nothing written"])
        #expect(!(try contents(dir)).contains { $0.contains("all.sqlite") })
        // Different metrics only.
        let c = dir.appendingPathComponent("c.sqlite")
        try FileManager.default.copyItem(at: dir.appendingPathComponent("a.sqlite"), to: c)
        try sqlite(c, "INSERT INTO metric (run_id, step_idx, subnetwork_idx, split, name, value) VALUES (1, 0, NULL, 'test', 'loss', 1.5); SELECT 1")
        expectCleanFailure(try ticketscope(["merge", "--out", "all.sqlite", "a.sqlite", "c.sqlite"], in: dir), mentions: ["run 'x'", "metrics"])
        #expect(!(try contents(dir)).contains { $0.contains("all.sqlite") })
    }

    @Test func refusesSelfMergesExistingOutputsAndBadInputs() throws {
        let dir = scratchDirectory()
        let a = try store(dir, "a.sqlite", run: "x", seed: 1)
        _ = try store(dir, "b.sqlite", run: "y", seed: 2)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.sqlite").path, withDestinationPath: a.path)
        try Data("not a store".utf8).write(to: dir.appendingPathComponent("junk.sqlite"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let before = try Data(contentsOf: a)
        let cases: [([String], [String])] = [
            (["--out", "a.sqlite", "a.sqlite", "b.sqlite"], ["--out 'a.sqlite' is one of the inputs"]),
            (["--out", "b.sqlite", "a.sqlite"], ["'b.sqlite' already exists"]),
            (["--out", "all.sqlite", "a.sqlite", "a.sqlite"], ["same store"]),
            (["--out", "all.sqlite", "a.sqlite", "link.sqlite"], ["'a.sqlite' and 'link.sqlite' are the same store"]),
            (["--out", "all.sqlite", "a.sqlite", "missing.sqlite"], ["missing.sqlite"]),
            (["--out", "all.sqlite", "a.sqlite", "junk.sqlite"], ["junk.sqlite", "not an SQLite database"]),
            (["--out", "all.sqlite", "empty"], ["'empty' holds no *.sqlite store"]),
            (["--out", "all.sqlite"], ["name the stores to merge"]),
        ]
        for (args, fragments) in cases {
            expectCleanFailure(try ticketscope(["merge"] + args, in: dir), mentions: fragments)
            #expect(!(try contents(dir)).contains { $0.contains("all.sqlite") }, "\(args)")
        }
        #expect(try Data(contentsOf: a) == before)
    }

    @Test func refusesADamagedInputOrARunBeingWritten() throws {
        let dir = scratchDirectory()
        let a = try store(dir, "a.sqlite", run: "x", seed: 1)
        let b = try store(dir, "b.sqlite", run: "y", seed: 2)
        try sqlite(a, "UPDATE mask SET ones = ones + 1 WHERE step_idx = 1 AND layer_idx = 0 AND subnetwork_idx = 0; SELECT 1")
        expectCleanFailure(try ticketscope(["merge", "--out", "all.sqlite", "a.sqlite", "b.sqlite"], in: dir), mentions: ["'a.sqlite' is damaged", "verify"])
        let host = ProcessInfo.processInfo.hostName, now = ISO8601DateFormatter().string(from: Date())
        try sqlite(b, "INSERT INTO lease (run_id, pid, host, command, started_at, heartbeat_at) VALUES (1, \(getpid()), '\(host)', 'ticketscope train', '\(now)', '\(now)'); SELECT 1")
        expectCleanFailure(try ticketscope(["merge", "--out", "all.sqlite", "b.sqlite"], in: dir), mentions: ["run 'y' in 'b.sqlite' is being written"])
        #expect(!(try contents(dir)).contains { $0.contains("all.sqlite") })
    }
}
