import Foundation
import Testing

/// Schema version 2 against stores made elsewhere: the committed version-1 store, a dump restored
/// with SQLite's own tools, runs deleted with the sqlite3 shell, read-only files, files that are
/// not stores.
@Suite struct SchemaV2CLITests {
    static let readingCommands: [[String]] = [
        ["runs"], ["inspect", "--run", "ex"], ["similarity", "--run", "ex"], ["similarity", "--run", "ex", "--step", "1", "--group", "deep"],
        ["collapse", "--run", "ex"], ["check", "--run", "ex", "--rule", "mean-jaccard>0.99"], ["semantic", "--run", "ex", "--preset", "cifar10"],
        ["verify"], ["runs", "--json"],
    ]

    @Test func version1StoreIsReadAsIsAndMigratedByTheFirstWrite() throws {
        let dir = scratchDirectory()
        let db = try copyV1Store(into: dir)
        #expect(try sqlite(db, "PRAGMA user_version") == "1")
        for command in Self.readingCommands {
            let r = try ticketscope(command + ["--db", db.path], in: dir)
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        #expect(try sqlite(db, "PRAGMA user_version") == "1", "a reading command must not migrate")
        let report = try ticketscope(["report", "collapse", "--db", db.path, "--run", "ex", "--out", "rep"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let before = try ticketscope(["similarity", "--db", db.path, "--run", "ex", "--json"], in: dir).stdout

        // A writing command migrates: orphans of the run deleted with the sqlite3 shell go, its id stays used.
        var seed: UInt64 = 5
        _ = try writeStep(dir.appendingPathComponent("new.npz"), subnetworks: ["a", "b"], layers: [("w", [4, 4])], keep: 0.5, seed: &seed)
        let imported = try ticketscope(["import", "--db", db.path, "--run", "new", "new.npz"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try sqlite(db, "PRAGMA user_version") == "2")
        #expect(try sqlite(db, "SELECT id, name FROM run ORDER BY id") == "1|ex\n3|new")
        #expect(try sqlite(db, "SELECT count(*) FROM mask WHERE run_id = 2") == "0")
        #expect(try sqlite(db, "PRAGMA foreign_key_check") == "")
        #expect(try sqlite(db, "SELECT count(*) FROM step WHERE run_id = 1") == "4")
        #expect(try sqlite(db, "SELECT count(*) FROM metric WHERE run_id = 1") == "16")
        #expect(try ticketscope(["similarity", "--db", db.path, "--run", "ex", "--json"], in: dir).stdout == before)
        let verify = try ticketscope(["verify", "--db", db.path], in: dir)
        #expect(verify.status == 0 && verify.stdout.contains("store is whole"), "\(verify.stdout)")
    }

    @Test func deletingARunWithSQLiteCascadesAndNeverReusesItsId() throws {
        let dir = scratchDirectory()
        let db = try copyV1Store(into: dir)
        var seed: UInt64 = 2
        _ = try writeStep(dir.appendingPathComponent("x.npz"), subnetworks: ["a", "b"], layers: [("w", [8])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--db", db.path, "--run", "b", "x.npz"], in: dir).status == 0)
        // The sqlite3 shell with foreign keys on (as our connections have them) deletes every child row.
        try sqlite(db, "PRAGMA foreign_keys = ON; DELETE FROM run WHERE name = 'b'; SELECT 1")
        #expect(try sqlite(db, "SELECT count(*) FROM mask WHERE run_id = 3") == "0")
        #expect(try ticketscope(["import", "--db", db.path, "--run", "c", "x.npz"], in: dir).status == 0)
        #expect(try sqlite(db, "SELECT id FROM run WHERE name = 'c'") == "4")
    }

    @Test func dumpRestoredStoreIsReadAndRepaired() throws {
        let dir = scratchDirectory()
        let db = try copyV1Store(into: dir)
        // Migrate (a first write), then dump and restore the way `sqlite3 a .dump | sqlite3 b` does (no user_version).
        var seed: UInt64 = 7
        _ = try writeStep(dir.appendingPathComponent("y.npz"), subnetworks: ["a", "b"], layers: [("w", [8])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--db", db.path, "--run", "y", "y.npz"], in: dir).status == 0)
        let restored = dir.appendingPathComponent("restored.sqlite")
        try dumpRestore(from: db, to: restored)
        #expect(try sqlite(restored, "PRAGMA user_version") == "0")
        for command in Self.readingCommands {
            let r = try ticketscope(command + ["--db", restored.path], in: dir)
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        #expect(try ticketscope(["import", "--db", restored.path, "--run", "z", "y.npz"], in: dir).status == 0)
        #expect(try sqlite(restored, "PRAGMA user_version") == "2")
        #expect(try ticketscope(["verify", "--db", restored.path], in: dir).status == 0)
    }

    @Test func directoriesDamagedAndForeignFilesAreToldApart() throws {
        let dir = scratchDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("stores"), withIntermediateDirectories: true)
        expectCleanFailure(try ticketscope(["runs", "--db", "stores"], in: dir), mentions: ["'stores' is a directory"])
        expectCleanFailure(try ticketscope(["import", "--db", "stores", "--run", "r", "x.npz"], in: dir), mentions: ["is a directory"])
        let db = try copyV1Store(into: dir)
        let bytes = try Data(contentsOf: db)
        try bytes.prefix(bytes.count / 2).write(to: dir.appendingPathComponent("cut.sqlite"))
        for command in [["runs"], ["verify"], ["similarity", "--run", "ex"]] {
            expectCleanFailure(try ticketscope(command + ["--db", "cut.sqlite"], in: dir), mentions: ["cut.sqlite", "damaged SQLite database"])
        }
        try Data(repeating: 0x7F, count: 8192).write(to: dir.appendingPathComponent("foreign.sqlite"))
        expectCleanFailure(try ticketscope(["runs", "--db", "foreign.sqlite"], in: dir), mentions: ["foreign.sqlite", "not an SQLite database"])
        // A store of someone else's tables.
        try sqlite(dir.appendingPathComponent("other.sqlite"), "CREATE TABLE t (x); SELECT 1")
        expectCleanFailure(try ticketscope(["import", "--db", "other.sqlite", "--run", "r", "x.npz"], in: dir), mentions: ["not a TicketScope store"])
    }

    /// Reading commands work on a store the user cannot write (file and directory), through an
    /// unprivileged user when the tests run as root (root writes anything); writing commands say why they fail.
    @Test func readOnlyStoresAreReadable() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: read-only stores need root and setpriv to run as another user"); return
        }
        let dir = URL(fileURLWithPath: "/tmp/ts-readonly-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = try copyV1Store(into: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        func asNobody(_ args: [String]) throws -> CLIResult {
            try ticketscopeAs(["--reuid=nobody", "--regid=nogroup", "--clear-groups"], args, in: dir)
        }
        for command in Self.readingCommands {
            let r = try asNobody(command + ["--db", db.path])
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        expectCleanFailure(try asNobody(["import", "--db", db.path, "--run", "r", "/dev/null"]), mentions: ["read-only"])
    }
}

/// Runs `ticketscope` through setpriv with the given identity options.
func ticketscopeAs(_ identity: [String], _ args: [String], in dir: URL) throws -> CLIResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/setpriv"), identity + [ticketscopeBinary.path] + args, in: dir)
}

/// `sqlite3 from .dump | sqlite3 to` without the sqlite3 shell: Python's iterdump is the same SQL text.
func dumpRestore(from: URL, to: URL) throws {
    try? FileManager.default.removeItem(at: to)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", """
        import sqlite3, sys
        src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])
        dst.executescript('\\n'.join(src.iterdump())); dst.commit()
        """, from.path, to.path]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
}
