import Foundation
import Testing

/// Damage underneath is reported, never believed, and never a crash: flipped mask bits, missing
/// rows, values of the wrong type written with the sqlite3 shell.
@Suite struct DamageCLITests {
    static let readers: [[String]] = [
        ["runs"], ["inspect", "--run", "ex"], ["similarity", "--run", "ex", "--step", "2"], ["collapse", "--run", "ex"],
        ["check", "--run", "ex", "--rule", "mean-jaccard>0.99"], ["semantic", "--run", "ex", "--preset", "cifar10"],
    ]

    /// A migrated copy of the v1 fixture.
    func store(_ dir: URL) throws -> URL {
        let db = try copyV1Store(into: dir, as: "s.sqlite")
        var seed: UInt64 = 8
        _ = try writeStep(dir.appendingPathComponent("x.npz"), subnetworks: ["airplane", "cat", "dog"],
                          layers: [("conv1.weight", [8, 3, 3, 3]), ("conv2.weight", [16, 8, 1, 1]), ("fc.weight", [10, 16])], keep: 0.1, seed: &seed)
        #expect(try ticketscope(["import", "--db", db.path, "--run", "ex", "x.npz"], in: dir).status == 0)
        return db
    }

    @Test func damagedMaskRowsAreRefusedNamingTheStep() throws {
        let dir = scratchDirectory()
        let clean = try store(dir)
        #expect(try ticketscope(["verify", "--db", clean.path], in: dir).status == 0)
        let cases: [(String, String)] = [
            ("UPDATE mask SET bits = x'ffffffffffffffffffffffffffffffff' WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 1", "'conv2.weight': ones = "),
            ("UPDATE mask SET bits = zeroblob(length(bits)) WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 1", "but the bits hold 0"),
            ("UPDATE mask SET ones = ones + 1 WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 1", "but the bits hold"),
            ("UPDATE mask SET bits = x'0000000000000000000000000000000000000000ffff0000' WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 2", "'fc.weight': bits beyond"),
            ("UPDATE mask SET bits = x'00' WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 1", "1 bytes"),
            ("DELETE FROM mask WHERE step_idx = 2 AND subnetwork_idx = 1 AND layer_idx = 1", "missing"),
        ]
        for (i, (sql, fragment)) in cases.enumerated() {
            let db = dir.appendingPathComponent("d\(i).sqlite")
            try FileManager.default.copyItem(at: clean, to: db)
            try sqlite(db, sql + "; SELECT 1")
            for command in [["similarity", "--run", "ex", "--step", "2"], ["collapse", "--run", "ex"]] {
                expectCleanFailure(try ticketscope(command + ["--db", db.path], in: dir),
                                   mentions: ["run 'ex' step 2 subnetwork 'cat' layer '", fragment])
            }
            let v = try ticketscope(["verify", "--db", db.path, "--json"], in: dir)
            #expect(v.status == 1, "verify must fail on \(sql)")
            #expect(try json(v)["whole"] as? Bool == false)
            // Other steps still read.
            #expect(try ticketscope(["similarity", "--db", db.path, "--run", "ex", "--step", "1"], in: dir).status == 0)
        }
    }

    @Test func valuesOfTheWrongTypeAreOneLineErrors() throws {
        let dir = scratchDirectory()
        let clean = try store(dir)
        let cases: [(String, String)] = [
            ("UPDATE step SET sparsity = 'abc' WHERE idx = 3", "step.sparsity"),
            ("UPDATE step SET phase = 'bogus' WHERE idx = 1", "step.phase"),
            ("UPDATE metric SET value = 'x' WHERE rowid = (SELECT min(rowid) FROM metric)", "metric.value"),
            ("UPDATE subnetwork SET name = x'ff00' WHERE idx = 1", "subnetwork.name"),
            ("UPDATE layer SET numel = 'big' WHERE idx = 0", "layer.numel"),
            ("UPDATE layer SET shape_json = '[1e300]' WHERE idx = 0", "layer 'conv1.weight' has shape"),
            ("UPDATE run SET seed = 'x'", "run.seed"),
            ("UPDATE mask SET ones = 'many' WHERE step_idx = 2", "mask.ones"),
            ("UPDATE mask SET subnetwork_idx = 'x' WHERE step_idx = 2 AND subnetwork_idx = 0 AND layer_idx = 0", "mask.subnetwork_idx"),
        ]
        for (i, (sql, fragment)) in cases.enumerated() {
            let db = dir.appendingPathComponent("t\(i).sqlite")
            try FileManager.default.copyItem(at: clean, to: db)
            try sqlite(db, "PRAGMA foreign_keys = OFF; " + sql + "; SELECT 1")
            var failures = 0
            for command in Self.readers {
                let r = try ticketscope(command + ["--db", db.path], in: dir)
                #expect(!r.stderr.contains("Fatal error") && r.status != 132 && r.status != 134, "\(command) crashed on \(sql)")
                if r.status != 0 { failures += 1; expectCleanFailure(r, mentions: [fragment]) }
            }
            #expect(failures > 0, "no reader noticed \(sql)")
            let v = try ticketscope(["verify", "--db", db.path], in: dir)
            #expect(v.status == 1 && v.stdout.contains(fragment), "verify on \(sql): \(v.stdout)")
        }
    }

    @Test func resumeVerifiesTheLastStepAndNeverExtendsACompleteRun() throws {
        let dir = scratchDirectory()
        #expect(try ticketscope(["train", "--db", "t.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir).status == 0)
        let db = dir.appendingPathComponent("t.sqlite")
        let before = try maskDump(db)
        let again = try ticketscope(["train", "--db", "t.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir)
        #expect(again.status == 0 && again.stderr.contains("already complete"), "\(again.stderr)")
        // Flip bits of the last step: the resume refuses before writing anything.
        try sqlite(db, "UPDATE run SET status = 'interrupted'; UPDATE mask SET bits = zeroblob(length(bits)) WHERE step_idx = 5 AND subnetwork_idx = 0 AND layer_idx = 3; SELECT 1")
        let damaged = try maskDump(db)
        expectCleanFailure(try ticketscope(["train", "--db", "t.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir),
                           mentions: ["run 'synthetic-rtl-tiny' step 5 subnetwork", "bits hold 0"])
        #expect(try maskDump(db) == damaged && damaged != before)
        #expect(try sqlite(db, "SELECT count(*) FROM step") == "6")
    }
}
