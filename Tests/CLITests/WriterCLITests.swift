import Foundation
import Testing

/// One writer per run, with real processes: a second trainer or importer of the same run is
/// refused naming the first; stale leases are taken over; other runs of the store go on in parallel.
@Suite(.serialized) struct WriterCLITests {
    @Test func secondTrainerOfARunIsRefusedWhileOtherRunsProceed() throws {
        let dir = scratchDirectory()
        let first = try startTicketscopeReadingStderr(["train", "--db", "s.sqlite", "--config", tinyConfig.path], in: dir)
        let seen = readStderr(first.stderr, until: "iteration 1:")
        #expect(seen.contains("iteration 1:"), "\(seen)")
        let second = try ticketscope(["train", "--db", "s.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir)
        expectCleanFailure(second, mentions: ["synthetic-rtl-tiny", "being written by pid \(first.process.processIdentifier)", "ticketscope train", "since"])
        let resume = try ticketscope(["train", "--db", "s.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir)
        expectCleanFailure(resume, mentions: ["being written by pid \(first.process.processIdentifier)"])
        // Another run of the same store trains meanwhile.
        let other = try ticketscope(["train", "--db", "s.sqlite", "--config", tinyConfig.path, "--name", "other", "--quiet"], in: dir)
        #expect(other.status == 0, "\(other.stderr)")
        first.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0)
        let a = try sqlite(dir.appendingPathComponent("s.sqlite"), "SELECT r.name, count(*) FROM step s JOIN run r ON r.id = s.run_id GROUP BY r.name ORDER BY r.name")
        #expect(a == "other|6\nsynthetic-rtl-tiny|6")
        #expect(try sqlite(dir.appendingPathComponent("s.sqlite"), "SELECT count(*) FROM lease") == "0", "leases are given back")
    }

    @Test func twoImportersOfOneRunNeverInterleave() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 4
        _ = try writeStep(dir.appendingPathComponent("s.npz"), subnetworks: (0..<4).map { "s\($0)" }, layers: (0..<8).map { ("l\($0)", [256, 256]) }, keep: 0.5, seed: &seed)
        let files = Array(repeating: "s.npz", count: 30)
        let a = try startTicketscopeReadingStderr(["import", "--db", "i.sqlite", "--run", "r", "--allow-duplicate"] + files, in: dir)
        _ = readStderr(a.stderr, until: "creating")
        let b = try ticketscope(["import", "--db", "i.sqlite", "--run", "r", "--allow-duplicate", "s.npz"], in: dir)
        a.process.waitUntilExit()
        #expect(a.process.terminationStatus == 0)
        let steps = try sqlite(dir.appendingPathComponent("i.sqlite"), "SELECT count(*) FROM step")
        if b.status == 0 {
            #expect(steps == "31", "the second import ran after the first")
        } else {
            expectCleanFailure(b, mentions: ["run 'r'", "being written by pid \(a.process.processIdentifier)"])
            #expect(steps == "30")
        }
    }

    @Test func staleLeasesAreTakenOverAndSaidSo() throws {
        let dir = scratchDirectory()
        let db = try copyV1Store(into: dir)
        var seed: UInt64 = 3
        _ = try writeStep(dir.appendingPathComponent("x.npz"), subnetworks: ["airplane", "cat", "dog"],
                          layers: [("conv1.weight", [8, 3, 3, 3]), ("conv2.weight", [16, 8, 1, 1]), ("fc.weight", [10, 16])], keep: 0.3, seed: &seed)
        // Migrate, then leave a lease as a killed writer on this host would: its pid no longer runs.
        #expect(try ticketscope(["import", "--db", db.path, "--run", "ex", "--allow-duplicate", "x.npz"], in: dir).status == 0)
        let host = ProcessInfo.processInfo.hostName
        try sqlite(db, "INSERT INTO lease VALUES (1, 2147483000, '\(host)', 'ticketscope import', '2026-01-01T00:00:00Z', '\(iso(Date()))'); SELECT 1")
        let r = try ticketscope(["import", "--db", db.path, "--run", "ex", "--allow-duplicate", "x.npz"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("took over the write lease of pid 2147483000") && r.stderr.contains("no longer running"), "\(r.stderr)")
        // A lease of another host whose heartbeat stopped two minutes ago.
        try sqlite(db, "INSERT INTO lease VALUES (1, 1, 'elsewhere', 'ticketscope train', '2026-01-01T00:00:00Z', '\(iso(Date().addingTimeInterval(-120)))'); SELECT 1")
        let s = try ticketscope(["import", "--db", db.path, "--run", "ex", "--allow-duplicate", "x.npz"], in: dir)
        #expect(s.status == 0 && s.stderr.contains("no heartbeat for"), "\(s.stderr)")
        // A live lease of another host is respected: without waiting (--lease-wait 0) the import is refused.
        try sqlite(db, "INSERT INTO lease VALUES (1, 1, 'elsewhere', 'ticketscope train', '2026-01-01T00:00:00Z', '\(iso(Date()))'); SELECT 1")
        expectCleanFailure(try ticketscope(["import", "--db", db.path, "--run", "ex", "--allow-duplicate", "--lease-wait", "0", "x.npz"], in: dir),
                           mentions: ["pid 1 on elsewhere"])
        #expect(try sqlite(db, "SELECT count(*) FROM event WHERE kind = 'lease_takeover'") == "2")
        #expect(try sqlite(db, "SELECT count(*) FROM step WHERE run_id = 1") == "7")
    }
}

func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
