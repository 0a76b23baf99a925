import Foundation
import Testing

/// `compare` with replicates: automatic grouping by seed, --group, mean/sd/95 % t-interval per
/// group and level (values checked against SciPy's, see scripts/fixtures/make_replicate_fixtures.py),
/// paired differences, groups of one run, different schedules, bad --group specs.
@Suite struct CompareReplicatesCLITests {
    /// Balanced accuracy at the second step: the "three_accuracies" case of the SciPy fixture for
    /// RTL, and RTL minus the "three_differences" case for IMP.
    static let rtl = [0.8431, 0.8512, 0.8377], differences = [0.012, -0.004, 0.021]
    static let imp = zip(rtl, differences).map { $0 - $1 }

    /// A store with runs rtl/seed=S and imp/seed=S (S = 0, 1, 2), the same masks, configurations that
    /// differ only by seed within a method, and run-level test metrics.
    func makeStore(_ dir: URL, extraStepFor: String? = nil) throws -> URL {
        let db = dir.appendingPathComponent("runs.sqlite")
        for (method, values) in [("rtl", Self.rtl), ("imp-single", Self.imp)] {
            for seed in 0..<3 {
                let name = "\(method == "rtl" ? "rtl" : "imp")/seed=\(seed)"
                var s: UInt64 = 11
                let steps = name == extraStepFor ? 3 : 2
                let files = try (0..<steps).map { t -> String in
                    let file = "m\(t).npz"
                    _ = try writeStep(dir.appendingPathComponent(file), subnetworks: ["cat", "dog"], layers: [("w", [10, 10])],
                                      keep: [0.75, 0.5, 0.25][t], seed: &s)
                    return file
                }
                let r = try ticketscope(["import", "--db", db.path, "--run", name] + files, in: dir)
                #expect(r.status == 0, "\(r.stderr)")
                let config = "{\"name\": \"\(name)\", \"method\": \"\(method)\", \"dataset\": \"synthetic\", \"seed\": \(seed)}"
                try sqlite(db, "UPDATE run SET seed = \(seed), method = '\(method)', config_json = '\(config)' WHERE name = '\(name)'; SELECT 1")
                var csv = "step,subnetwork,split,name,value\n0,,test,balanced_accuracy,\(0.9 - 0.01 * Double(seed))\n1,,test,balanced_accuracy,\(values[seed])\n"
                if steps == 3 { csv += "2,,test,balanced_accuracy,0.5\n" }
                try csv.write(to: dir.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
                let m = try ticketscope(["import-metrics", "--db", db.path, "--run", name, "metrics.csv"], in: dir)
                #expect(m.status == 0, "\(m.stderr)")
            }
        }
        return db
    }

    func close(_ a: Any?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a = a as? Double else { return false }
        return abs(a - b) <= tolerance
    }

    func level(_ group: [String: Any], _ index: Int) throws -> [String: Any] {
        let levels = try #require(group["levels"] as? [[String: Any]])
        return try #require((levels[index]["metrics"] as? [String: Any])?["balanced_accuracy"] as? [String: Any])
    }

    @Test func runsDifferingOnlyBySeedAreGroupedWithSciPysIntervals() throws {
        let dir = scratchDirectory()
        let db = try makeStore(dir)
        let names = ["rtl/seed=0", "rtl/seed=1", "rtl/seed=2", "imp/seed=0", "imp/seed=1", "imp/seed=2"]
        for seed in 0..<3 {
            try sqlite(db, """
                INSERT INTO run_cost (run_id, phase, wall_seconds, examples, updates, threads, cpu)
                SELECT id, 'extract', \(100 + 10 * seed), 6400, 200, 2, 'Test CPU' FROM run WHERE name = 'rtl/seed=\(seed)';
                INSERT INTO run_cost (run_id, phase, wall_seconds, examples, updates, threads, cpu)
                SELECT id, 'retrain', 10, 3200, 100, 2, 'Test CPU' FROM run WHERE name = 'rtl/seed=\(seed)'; SELECT 1
                """)
        }
        let r = try ticketscope(["compare", "--db", db.path, "--out", "rep", "--json"] + names, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r)
        let groups = try #require(out["groups"] as? [[String: Any]])
        #expect(groups.map { $0["name"] as? String } == ["rtl", "imp"])
        #expect(groups.allSatisfy { $0["automatic"] as? Bool == true })
        #expect(groups[0]["runs"] as? [String] == Array(names.prefix(3)))
        let ba = try level(groups[0], 1)
        // SciPy: mean 0.844, sd 0.006794850991743654, t.interval(0.95, 2) = [0.8271206544056854, 0.8608793455943146].
        #expect(close(ba["mean"], 0.844) && close(ba["sd"], 0.006794850991743654) && ba["n"] as? Int == 3)
        let ci = try #require(ba["ci95"] as? [Double])
        #expect(close(ci[0], 0.8271206544056854) && close(ci[1], 0.8608793455943146))
        let differences = try #require(out["differences"] as? [[String: Any]])
        #expect(differences.count == 1 && differences[0]["a"] as? String == "rtl" && differences[0]["b"] as? String == "imp")
        #expect(differences[0]["seeds"] as? [Int] == [0, 1, 2])
        let d = try level(differences[0], 1)
        // SciPy: mean 0.009666666666666667, interval [-0.02178818045436393, 0.04112151378769727].
        #expect(close(d["mean"], 0.009666666666666667))
        let dci = try #require(d["ci95"] as? [Double])
        #expect(close(dci[0], -0.02178818045436393) && close(dci[1], 0.04112151378769727))
        #expect((out["notes"] as? [String])?.contains { $0.contains("differ only by seed") } == true)
        // Cost: per run as stored, per group the mean over the runs that recorded one.
        let runs = try #require(out["runs"] as? [[String: Any]])
        let cost = try #require(runs.first?["cost"] as? [String: Any])
        #expect(close(cost["total_seconds"], 110) && cost["updates"] as? Int == 300 && cost["cpu"] as? String == "Test CPU")
        #expect((runs.last?["cost"] as? [String: Any])?["total_seconds"] is NSNull)
        let wall = try #require(groups[0]["wall_seconds"] as? [String: Any])
        #expect(close(wall["mean"], 120) && close(wall["sd"], 10) && wall["n"] as? Int == 3)
        #expect(groups[1]["wall_seconds"] is NSNull)

        let readme = try String(contentsOf: dir.appendingPathComponent("rep/README.md"), encoding: .utf8)
        #expect(readme.contains("## Replicates"))
        #expect(readme.contains("0.844 ± 0.017"), "\(readme)")
        #expect(readme.contains("+0.010 [-0.022, 0.041]") || readme.contains("+0.010 [−0.022, 0.041]"), "\(readme)")
        #expect(readme.contains("grouped automatically"))
        #expect(readme.contains("## Training cost") && readme.contains("| rtl/seed=0 | rtl | 1 min 40 s | 10.0 s | 1 min 50 s | 300 | 9.6K | 2 | Test CPU |"), "\(readme)")
        #expect(readme.contains("| rtl | 3 | 2 min 0 s ± 24.8 s | 300 ± 0 |"), "\(readme)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep/compare-accuracy.png").path))
        // Without automatic grouping: no groups.
        let plain = try ticketscope(["compare", "--db", db.path, "--out", "rep2", "--json", "--no-auto-groups"] + names, in: dir)
        #expect((try json(plain)["groups"] as? [Any])?.isEmpty == true)
    }

    @Test func explicitGroupsOneRunGroupsAndDifferentSchedules() throws {
        let dir = scratchDirectory()
        let db = try makeStore(dir, extraStepFor: "rtl/seed=2")
        let r = try ticketscope(["compare", "--db", db.path, "--out", "rep", "--json", "--group", "R=rtl/seed=0,rtl/seed=1,rtl/seed=2",
                                 "--group", "solo=imp/seed=0"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r)
        let groups = try #require(out["groups"] as? [[String: Any]])
        // imp/seed=1 and imp/seed=2 are not named, so nothing is grouped automatically.
        #expect(groups.map { $0["name"] as? String } == ["R", "solo"])
        let dropped = try #require(groups[0]["dropped_levels"] as? [Double])
        #expect(dropped.count == 1)
        #expect((groups[0]["levels"] as? [Any])?.count == 2)
        let solo = try level(groups[1], 1)
        #expect(solo["n"] as? Int == 1 && solo["sd"] is NSNull && solo["ci95"] is NSNull)
        let notes = try #require(out["notes"] as? [String])
        #expect(notes.contains { $0.contains("'solo' has one run") && $0.contains("no interval") })
        #expect(notes.contains { $0.contains("different sparsity schedules") && $0.contains("dropped") })
        let d = try #require((out["differences"] as? [[String: Any]])?.first)
        #expect(d["seeds"] as? [Int] == [0])
        #expect(try level(d, 1)["ci95"] is NSNull)
    }

    @Test func badGroupsAreOneLineErrors() throws {
        let dir = scratchDirectory()
        let db = try makeStore(dir)
        let cases: [([String], String)] = [
            (["--group", "nogroup"], "NAME=RUN,RUN"),
            (["--group", "=rtl/seed=0"], "no name"),
            (["--group", "a="], "empty run name"),
            (["--group", "a=rtl/seed=0,"], "empty run name"),
            (["--group", "a=rtl/seed=0", "--group", "a=rtl/seed=1"], "two groups are named 'a'"),
            (["--group", "a=rtl/seed=0", "--group", "b=rtl/seed=0"], "run 'rtl/seed=0' is in group 'a' and in group 'b'"),
            (["--group", "a=nosuchrun"], "no run named 'nosuchrun'"),
        ]
        for (args, fragment) in cases {
            expectCleanFailure(try ticketscope(["compare", "--db", db.path, "--out", "rep"] + args, in: dir), mentions: [fragment])
        }
    }
}
