import Foundation
import Testing

/// Signals during training and continuing stopped runs.
@Suite(.serialized) struct InterruptCLITests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func signalsMarkTheRunInterruptedAndResumeMatchesAnUninterruptedRun(signal: Int32) throws {
        let dir = scratchDirectory()
        #expect(try ticketscope(["train", "--db", "a.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir).status == 0)
        let p = try startTicketscopeReadingStderr(["train", "--db", "b.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir)
        var seen = readStderr(p.stderr, until: "iteration 1:")
        kill(p.process.processIdentifier, signal)
        seen += String(decoding: p.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.process.waitUntilExit()
        #expect(p.process.terminationStatus == 130, "\(seen)")
        #expect(seen.contains("continue with: ticketscope train --config \(tinyConfig.path) --db b.sqlite --resume"), "\(seen)")
        let b = dir.appendingPathComponent("b.sqlite")
        #expect(try sqlite(b, "SELECT status FROM run") == "interrupted")
        #expect(try sqlite(b, "SELECT count(*) FROM event WHERE kind = 'interrupted'") == "1")
        #expect(try sqlite(b, "SELECT count(*) FROM lease") == "0")
        #expect(try ticketscope(["verify", "--db", "b.sqlite"], in: dir).status == 0)
        let resumed = try ticketscope(["train", "--db", "b.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try maskDump(b) == maskDump(dir.appendingPathComponent("a.sqlite")))
    }

    @Test func secondSignalQuitsAtOnceLeavingWholeSteps() throws {
        let dir = scratchDirectory()
        let p = try startTicketscopeReadingStderr(["train", "--db", "c.sqlite", "--config", tinyConfig.path, "--quiet"], in: dir)
        _ = readStderr(p.stderr, until: "iteration 1:")
        // The kernel merges a signal sent while the same one is pending: send the second once the first is handled.
        kill(p.process.processIdentifier, SIGINT)
        _ = readStderr(p.stderr, until: "stopping at the next batch")
        kill(p.process.processIdentifier, SIGINT)
        let rest = String(decoding: p.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.process.waitUntilExit()
        #expect(p.process.terminationStatus == 130, "\(rest)")
        #expect(try ticketscope(["verify", "--db", "c.sqlite"], in: dir).status == 0)
        let resumed = try ticketscope(["train", "--db", "c.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir)
        // Whether the second signal or the end of the batch came first, the resume completes.
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try sqlite(dir.appendingPathComponent("c.sqlite"), "SELECT status FROM run") == "complete")
    }

    @Test func extendContinuesAStoppedRunPastItsRule() throws {
        let dir = scratchDirectory()
        let stopped = try ticketscope(["train", "--db", "e.sqlite", "--config", tinyConfig.path, "--stop-rule", "mean-jaccard>0.1", "--quiet"], in: dir)
        #expect(stopped.status == 0 && stopped.stdout.contains("stopped early"))
        let db = dir.appendingPathComponent("e.sqlite")
        expectCleanFailure(try ticketscope(["train", "--db", "e.sqlite", "--config", tinyConfig.path, "--resume", "--stop-rule", "onset", "--quiet"], in: dir),
                           mentions: ["--extend"])
        let plain = try ticketscope(["train", "--db", "e.sqlite", "--config", tinyConfig.path, "--resume", "--quiet"], in: dir)
        #expect(plain.status == 0 && plain.stdout.contains("stopped early"))
        #expect(try sqlite(db, "SELECT count(*) FROM step") == "1")
        // A new rule that never fires here: the run goes on to its last target.
        let extended = try ticketscope(["train", "--db", "e.sqlite", "--config", tinyConfig.path, "--resume", "--extend", "--stop-rule", "mean-jaccard>0.999", "--quiet"], in: dir)
        #expect(extended.status == 0 && extended.stdout.contains("complete"), "\(extended.stderr)")
        #expect(try sqlite(db, "SELECT status FROM run") == "complete")
        #expect(try sqlite(db, "SELECT count(*) FROM step") == "6")
        #expect(try sqlite(db, "SELECT detail FROM event WHERE kind = 'extend'").contains("stop rule now: mean-jaccard>0.999"))
        expectCleanFailure(try ticketscope(["train", "--db", "e.sqlite", "--config", tinyConfig.path, "--resume", "--extend", "--quiet"], in: dir),
                           mentions: ["not stopped by a stop rule"])
        // With no rule at all.
        #expect(try ticketscope(["train", "--db", "f.sqlite", "--config", tinyConfig.path, "--stop-rule", "mean-jaccard>0.1", "--quiet"], in: dir).status == 0)
        let free = try ticketscope(["train", "--db", "f.sqlite", "--config", tinyConfig.path, "--resume", "--extend", "--quiet"], in: dir)
        #expect(free.status == 0 && free.stdout.contains("complete"), "\(free.stderr)")
    }

    @Test func configValuesAreCheckedNamingKeyTypeAndRange() throws {
        let dir = scratchDirectory()
        let base = try String(contentsOf: tinyConfig, encoding: .utf8)
        let cases: [(String, String, [String])] = [
            ("\"images_per_class\": 12", "\"images_per_class\": 1.5", ["images_per_class", "integer", "1.5"]),
            ("\"images_per_class\": 12", "\"images_per_class\": 1e300", ["images_per_class", "integer", "9223372036854775807"]),
            ("\"seed\": 1", "\"seed\": -1", ["'seed'", "integer from 0 to 18446744073709551615", "-1"]),
            ("\"learning_rate\": 0.002", "\"learning_rate\": NaN", ["not valid JSON", "NaN"]),
            ("\"images_per_class\": 12", "\"images_per_class\": 1000000000", ["images_per_class = 1000000000", "memory"]),
            ("\"test_images_per_class\": 5", "\"test_images_per_class\": 1000000000", ["test_images_per_class = 1000000000", "memory"]),
        ]
        for (i, (from, to, fragments)) in cases.enumerated() {
            let text = base.replacingOccurrences(of: from, with: to)
            #expect(text != base)
            try Data(text.utf8).write(to: dir.appendingPathComponent("c\(i).json"))
            expectCleanFailure(try ticketscope(["train", "--db", "x.sqlite", "--config", "c\(i).json", "--quiet"], in: dir), mentions: fragments)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.sqlite").path))
    }
}
