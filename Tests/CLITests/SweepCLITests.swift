import Foundation
import Testing

/// `ticketscope sweep`: a grid of tiny synthetic runs, one store each, trained in two child
/// processes; re-running skips finished runs and resumes interrupted ones; status; Slurm script;
/// bad input.
@Suite struct SweepCLITests {
    static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../configs/synthetic-rtl-tiny.json").standardized.path

    /// Runs ticketscope with PATH replaced.
    func ticketscopeWithPath(_ path: String, _ args: [String], in dir: URL) throws -> CLIResult {
        try runProcess(ticketscopeBinary, args, in: dir, environment: ["PATH": path])
    }

    func states(_ dir: URL) throws -> [String: String] {
        let r = try ticketscope(["sweep", "status", "sw", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: entries.compactMap { e in (e["name"] as? String).map { ($0, e["state"] as? String ?? "?") } })
    }

    @Test func gridTrainsResumesAndMerges() throws {
        let dir = scratchDirectory()
        let args = ["sweep", "--config", Self.tiny, "--set", "seed=0,1", "--jobs", "2", "--threads", "1", "--out", "sw"]
        let first = try ticketscope(args, in: dir)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let names = ["synthetic-rtl-tiny/seed=0", "synthetic-rtl-tiny/seed=1"]
        #expect(try states(dir) == [names[0]: "complete", names[1]: "complete"])
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("sw/synthetic-rtl-tiny_seed=0.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("sw/logs/synthetic-rtl-tiny_seed=1.log").path))
        let again = try ticketscope(args, in: dir)
        #expect(again.status == 0 && again.stdout.contains("2 finished, 0 to train"), "\(again.stdout)")
        // A run left interrupted (as a kill leaves it) is resumed, not restarted.
        let store = dir.appendingPathComponent("sw/synthetic-rtl-tiny_seed=1.sqlite")
        try sqlite(store, "UPDATE run SET status = 'interrupted'; SELECT 1")
        #expect(try states(dir)[names[1]] == "interrupted")
        let resumed = try ticketscope(args, in: dir)
        #expect(resumed.status == 0 && resumed.stdout.contains("resuming after 6 steps"), "\(resumed.stdout)")
        #expect(try states(dir)[names[1]] == "complete")
        #expect(try sqlite(store, "SELECT count(*) FROM event WHERE kind = 'resume'") == "1")
        // Merged, the two seeds are replicates with their cost.
        #expect(try ticketscope(["merge", "--out", "all.sqlite", "sw"], in: dir).status == 0)
        let compare = try ticketscope(["compare", "--db", "all.sqlite", "--out", "rep", "--json"] + names, in: dir)
        #expect(compare.status == 0, "\(compare.stderr)")
        let out = try json(compare)
        let groups = try #require(out["groups"] as? [[String: Any]])
        #expect(groups.count == 1 && groups[0]["runs"] as? [String] == names)
        let runs = try #require(out["runs"] as? [[String: Any]])
        for r in runs {
            let cost = try #require(r["cost"] as? [String: Any])
            #expect((cost["total_seconds"] as? Double ?? 0) > 0 && (cost["updates"] as? Int ?? 0) > 0 && cost["threads"] as? Int == 1)
        }
    }

    @Test func slurmScriptIsWrittenAndSubmittedWhenSbatchExists() throws {
        let dir = scratchDirectory()
        let args = ["sweep", "--config", Self.tiny, "--set", "seed=0,1,2", "--threads", "3", "--out", "sw", "--slurm"]
        let none = try ticketscopeWithPath("/nonexistent", args, in: dir)
        #expect(none.status == 0 && none.stdout.contains("sbatch is not on PATH") && none.stdout.contains("sbatch sw/sweep.sbatch"), "\(none.stdout)\(none.stderr)")
        let script = try String(contentsOf: dir.appendingPathComponent("sw/sweep.sbatch"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-2") && script.contains("#SBATCH --cpus-per-task=3") && script.contains("logs/task-%a.log"))
        #expect(script.contains("'synthetic-rtl-tiny_seed=2'") && script.contains(" train --config "))
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("sbatch")
        try "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\necho '4242;cluster'\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let submitted = try ticketscopeWithPath(bin.path + ":/usr/bin:/bin", args, in: dir)
        #expect(submitted.status == 0 && submitted.stdout.contains("submitted job 4242"), "\(submitted.stdout)\(submitted.stderr)")
        #expect(try String(contentsOf: bin.appendingPathComponent("args"), encoding: .utf8).contains("--parsable sw/sweep.sbatch"))
    }

    @Test func badInputIsOneLine() throws {
        let dir = scratchDirectory()
        let inr = URL(fileURLWithPath: Self.tiny).deletingLastPathComponent().appendingPathComponent("inr-rtl-small.json").path
        let cases: [([String], [String])] = [
            (["--set", "sed=0,1"], ["'sed' is not a config key", "seed", "method"]),
            (["--set", "seed="], ["empty value list"]),
            (["--set", "seed=0,,1"], ["empty value"]),
            (["--set", "seed=0,0"], ["lists a value twice"]),
            (["--set", "seed"], ["KEY=V1,V2"]),
            (["--set", "seed=" + (0..<200).map(String.init).joined(separator: ","), "--set", "learning_rate=" + (1...60).map { "0.00\($0)" }.joined(separator: ",")],
             ["12000 runs", "--yes"]),
            (["--set", "method=rtl,bogus"], ["bogus"]),
            (["--jobs", "0", "--set", "seed=0"], ["--jobs"]),
        ]
        for (extra, fragments) in cases {
            expectCleanFailure(try ticketscope(["sweep", "--config", Self.tiny, "--out", "sw"] + extra, in: dir), mentions: fragments)
        }
        expectCleanFailure(try ticketscope(["sweep", "--config", inr, "--set", "seed=0,1", "--out", "sw"], in: dir), mentions: ["INR"])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("foreign"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.appendingPathComponent("foreign/notes.txt"))
        expectCleanFailure(try ticketscopeWithPath("/nonexistent", ["sweep", "--config", Self.tiny, "--set", "seed=0", "--out", "foreign", "--slurm"], in: dir),
                           mentions: ["'notes.txt'", "not part of this sweep"])
        // Without sbatch on the PATH, --slurm only writes the script.
        #expect(try ticketscopeWithPath("/nonexistent", ["sweep", "--config", Self.tiny, "--set", "seed=0", "--out", "sw", "--slurm"], in: dir).status == 0)
        expectCleanFailure(try ticketscopeWithPath("/nonexistent", ["sweep", "--config", Self.tiny, "--set", "seed=5", "--out", "sw", "--slurm"], in: dir),
                           mentions: ["another sweep"])
        expectCleanFailure(try ticketscope(["sweep", "status", "nowhere"], in: dir), mentions: ["not a sweep directory"])
    }
}
