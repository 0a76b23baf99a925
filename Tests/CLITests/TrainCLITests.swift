import Foundation
import Testing

/// The shipped tiny config: generated images, two subsets, four pruning iterations, two retrainings.
let tinyConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("configs/synthetic-rtl-tiny.json")

/// Every mask blob of a store, keyed by step/subnetwork/layer (read with Python's sqlite3).
func maskDump(_ db: URL) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", """
        import sqlite3, sys, hashlib
        c = sqlite3.connect(sys.argv[1])
        for r in c.execute('SELECT step_idx, subnetwork_idx, layer_idx, bits FROM mask ORDER BY 1, 2, 3'):
            print(r[0], r[1], r[2], hashlib.sha256(r[3]).hexdigest())
        """, db.path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite(.serialized) struct TrainCLITests {
    @Test func killedRunResumesToBitIdenticalMasks() throws {
        let dir = scratchDirectory()
        let straight = try ticketscope(["train", "--db", "a.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir)
        #expect(straight.status == 0, "\(straight.stderr)")
        let steps = try json(try ticketscope(["inspect", "--db", "a.sqlite", "--run", "synthetic-rtl-tiny", "--json"], in: dir))["steps"] as! [[String: Any]]
        #expect(steps.map { $0["phase"] as! String } == ["extract", "extract", "retrain", "extract", "extract", "retrain"])

        // Start the same run in another store, kill it once the first iteration is stored, run the same command again.
        let p = Process()
        p.executableURL = ticketscopeBinary
        p.arguments = ["train", "--db", "b.sqlite", "--config", tinyConfig.path, "--quiet"]
        p.currentDirectoryURL = dir
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var seen = ""
        while !seen.contains("iteration 1:") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let partial = try json(try ticketscope(["inspect", "--db", "b.sqlite", "--run", "synthetic-rtl-tiny", "--json"], in: dir))["steps"] as! [Any]
        #expect(partial.count >= 1 && partial.count < 6, "the kill should land mid-run")
        let resumed = try ticketscope(["train", "--db", "b.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming run 'synthetic-rtl-tiny'"))
        let a = try maskDump(dir.appendingPathComponent("a.sqlite")), b = try maskDump(dir.appendingPathComponent("b.sqlite"))
        #expect(!a.isEmpty && a == b, "masks differ after resume")

        // Routing without a context label, from the weights stored at retraining.
        let argmax = try json(try ticketscope(["evaluate", "--db", "a.sqlite", "--run", "synthetic-rtl-tiny", "--routing", "argmax", "--json"], in: dir))
        #expect(argmax["targetSparsity"] as? Double == 0.75 && argmax["images"] as? Int == 50)
        let confusion = try #require(argmax["confusion"] as? [[Int]])
        #expect(confusion.flatMap { $0 }.reduce(0, +) == 50)
        #expect(abs((argmax["accuracy"] as? Double ?? 0) - Double(confusion[0][0] + confusion[1][1]) / 50) < 1e-12)
        #expect((argmax["accuracy"] as? Double ?? 0) > 0.7)
        let oracle = try ticketscope(["evaluate", "--db", "a.sqlite", "--run", "synthetic-rtl-tiny", "--routing", "oracle", "--sparsity", "0.5"], in: dir)
        #expect(oracle.status == 0 && oracle.stdout.contains("claimed by its subnetwork"))
        expectCleanFailure(try ticketscope(["evaluate", "--db", "a.sqlite", "--run", "synthetic-rtl-tiny", "--sparsity", "0.3"], in: dir),
                           mentions: ["no retrained step at sparsity 0.3", "0.5, 0.75"])

        // Same name, other config: refused, nothing written.
        let other = try String(contentsOf: tinyConfig, encoding: .utf8).replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 2")
        try Data(other.utf8).write(to: dir.appendingPathComponent("other.json"))
        expectCleanFailure(try ticketscope(["train", "--db", "a.sqlite", "--config", "other.json", "--quiet"], in: dir),
                           mentions: ["different configuration (seed)", "--resume"])
        #expect(try maskDump(dir.appendingPathComponent("a.sqlite")) == a)
        // The run's identity is stored: FNV-1a 64 of its canonical configuration, 16 hex digits.
        let hash = try sqlite(dir.appendingPathComponent("a.sqlite"), "SELECT config_hash FROM run WHERE name = 'synthetic-rtl-tiny'")
        #expect(hash.trimmingCharacters(in: .whitespacesAndNewlines).count == 16, "\(hash)")
        // A complete run run again changes nothing.
        #expect(try ticketscope(["train", "--db", "a.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir).status == 0)
        #expect(try maskDump(dir.appendingPathComponent("a.sqlite")) == a)
    }

    @Test func stopRuleEndsPruningEarly() throws {
        let dir = scratchDirectory()
        // Mean Jaccard of two 70%-dense masks is far above 0.1: the rule fires after the first iteration.
        let r = try ticketscope(["train", "--db", "s.sqlite", "--config", tinyConfig.path, "--stop-rule", "mean-jaccard>0.1", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("stopped early") && r.stdout.contains("mean-jaccard>0.1 fired at step 0"))
        let j = try json(try ticketscope(["inspect", "--db", "s.sqlite", "--run", "synthetic-rtl-tiny", "--json"], in: dir))
        #expect(j["status"] as? String == "stopped")
        #expect((j["steps"] as? [Any])?.count == 1)
        let bad = try ticketscope(["train", "--db", "s2.sqlite", "--config", tinyConfig.path, "--stop-rule", "mean-jaccard>>1", "--quiet"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("malformed stop rule"))
    }

    @Test func badConfigsAndDataAreClearErrors() throws {
        let dir = scratchDirectory()
        let base = try String(contentsOf: tinyConfig, encoding: .utf8)
        let cases: [(String, String, [String])] = [
            ("\"augment\": false", "\"augment\": false, \"epochs\": 3", ["unknown key 'epochs'"]),
            ("[0.5, 0.75]", "[0.5, 1.0]", ["target sparsity 1.0"]),
            ("\"batch_size\": 16", "\"batch_size\": 128", ["batch_size 128", "subset"]),
            ("\"dataset\": \"synthetic\"", "\"dataset\": \"cifar10\"", ["cifar"]),
            ("\"partition_map\": {\"airplane\": \"vehicle\",", "\"partition_map\": {", ["airplane"]),
            // The experiment registry: a method no experiment has lists every experiment's methods.
            ("\"method\": \"rtl\"", "\"method\": \"inr-magic\"", ["unknown method 'inr-magic'", "inr-rtl", "speech-rtl", "imp-multi"]),
            ("\"augment\": false", "\"augment\": false, \"model\": \"resnet-9000\"", ["unknown model 'resnet-9000'", "ghostnet-lite"]),
        ]
        for (i, (from, to, fragments)) in cases.enumerated() {
            try Data(base.replacingOccurrences(of: from, with: to).utf8).write(to: dir.appendingPathComponent("c\(i).json"))
            let r = try ticketscope(["train", "--db", "x.sqlite", "--config", "c\(i).json", "--data", "/nonexistent/cifar", "--quiet"], in: dir)
            expectCleanFailure(r, mentions: fragments)
        }
        // None of them created the store.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.sqlite").path))
    }
}
