import Foundation
import LoopbackHTTP
import Testing

/// `ticketscope data fetch` against a loopback HTTP server serving a small archive in the official layout.
@Suite(.serialized) struct DataFetchCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DatasetFetchTests/Fixtures")
    let archive: Data
    /// `--sha256 HEX --size N` naming the small archive (hashlib's values, scripts/fixtures/make_fetch_fixtures.py).
    let pin: [String]

    init() throws {
        archive = try Data(contentsOf: Self.fixtures.appendingPathComponent("mini-cifar-10-binary.tar.gz"))
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("archives.json"))) as? [String: Any]
        let entry = try #require((index?["archives"] as? [String: Any])?["mini-cifar-10-binary.tar.gz"] as? [String: Any])
        pin = ["--sha256", try #require(entry["sha256"] as? String), "--size", "\(try #require(entry["size"] as? Int))"]
    }

    /// The working directory's entries, hidden ones included.
    func entries(_ dir: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    @Test func fetchesIntoDataWhereTrainFindsIt() throws {
        let server = try LoopbackHTTPServer()
        server.serve("/cifar-10-binary.tar.gz", .body(archive))
        let dir = scratchDirectory()
        let fetched = try ticketscope(["data", "fetch", "cifar10", "--mirror", server.baseURL.absoluteString, "--quiet"] + pin, in: dir)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("cifar10: downloaded \(server.baseURL.absoluteString)cifar-10-binary.tar.gz (\(archive.count) bytes, SHA-256"), "\(fetched.stdout)")
        #expect(fetched.stdout.contains("unpacked into data/cifar-10-batches-bin (8 files)"))
        #expect(fetched.stdout.contains("train and demo find it there without --data"))
        #expect(fetched.stderr.isEmpty, "\(fetched.stderr)")
        #expect(entries(dir.appendingPathComponent("data")) == ["cifar-10-batches-bin"])

        // Present and complete: nothing is downloaded again, as JSON for scripts.
        let again = try ticketscope(["data", "fetch", "cifar10", "--mirror", server.baseURL.absoluteString, "--json"] + pin, in: dir)
        #expect(again.status == 0)
        let report = try json(again)
        #expect(report["action"] as? String == "already-present" && report["archive"] is NSNull)
        #expect((report["files"] as? [String])?.contains("test_batch.bin") == true)
        #expect(server.requests.count == 1)

        // train, without --data, reads what fetch unpacked.
        let config = dir.appendingPathComponent("cifar-tiny.json")
        try Data("""
            {"name": "fetched", "method": "imp-single", "dataset": "cifar10", "partition": "custom",
             "partition_map": {"airplane": "vehicle", "automobile": "vehicle", "ship": "vehicle", "truck": "vehicle",
                               "bird": "animal", "cat": "animal", "deer": "animal", "dog": "animal", "frog": "animal", "horse": "animal"},
             "prune_fraction": 0.5, "target_sparsities": [0.5], "extraction_epochs": 1, "retraining_epochs": 1,
             "batch_size": 4, "learning_rate": 0.002, "seed": 1, "validation_fraction": 0.25, "augment": false}
            """.utf8).write(to: config)
        let trained = try ticketscope(["train", "--db", "t.sqlite", "--config", config.path, "--quiet"], in: dir)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stderr.contains("on data/cifar-10-batches-bin"), "\(trained.stderr)")
    }

    @Test func checksumMismatchIsOneLineAndLeavesNothing() throws {
        let server = try LoopbackHTTPServer()
        var altered = archive
        altered[100] ^= 0xFF
        server.serve("/cifar-10-binary.tar.gz", .body(altered))
        let dir = scratchDirectory()
        let r = try runProcess(ticketscopeBinary, ["data", "fetch", "cifar10", "--quiet"] + pin, in: dir,
                               environment: ["TICKETSCOPE_DATA_MIRROR": server.baseURL.absoluteString])
        expectCleanFailure(r, mentions: ["cifar-10-binary.tar.gz: SHA-256 is", "expected \(pin[1])", "nothing was unpacked"])
        #expect(entries(dir) == [], "\(entries(dir))")
    }

    @Test func truncatedDownloadIsOneLineAndLeavesNothing() throws {
        let server = try LoopbackHTTPServer()
        server.serve("/cifar-10-binary.tar.gz", .truncated(archive, after: 300))
        let dir = scratchDirectory()
        let r = try ticketscope(["data", "fetch", "cifar10", "--mirror", server.baseURL.absoluteString, "--dir", "datasets", "--quiet"] + pin, in: dir)
        expectCleanFailure(r, mentions: ["after 300 of \(archive.count) bytes (truncated)"])
        #expect(entries(dir) == [], "\(entries(dir))")
    }

    @Test func ctrlCDuringADownloadLeavesNothing() throws {
        let server = try LoopbackHTTPServer()
        server.serve("/cifar-10-binary.tar.gz", .stall(archive, after: 300))
        let dir = scratchDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let p = try startTicketscopeReadingStderr(["data", "fetch", "cifar10", "--mirror", server.baseURL.absoluteString, "--quiet"] + pin, in: dir)
        #expect(server.stalled.wait(timeout: .now() + 30) == .success)
        #expect(entries(dir.appendingPathComponent("data")).first?.hasPrefix(".fetch-cifar10-") == true)
        kill(p.process.processIdentifier, SIGINT)
        let stderr = String(decoding: p.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.process.waitUntilExit()
        #expect(p.process.terminationStatus == 130, "\(stderr)")
        expectCleanFailure(CLIResult(status: p.process.terminationStatus, stdout: "", stderr: stderr), mentions: ["SIGINT: fetch stopped; nothing was written"])
        #expect(entries(dir.appendingPathComponent("data")) == [], "\(entries(dir.appendingPathComponent("data")))")
    }

    @Test func badOptionsAndHTTPErrorsAreOneLine() throws {
        let server = try LoopbackHTTPServer()
        let dir = scratchDirectory()
        let mirror = ["--mirror", server.baseURL.absoluteString]
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--quiet"] + mirror + pin, in: dir), mentions: ["HTTP 404"])
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--mirror", "ftp://example/"], in: dir), mentions: ["not an http:// or https:// address"])
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--sha256", "abc"], in: dir), mentions: ["--sha256 and --size go together"])
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--sha256", "xyz", "--size", "5"], in: dir), mentions: ["not 64 hex digits"])
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--archive", "a.tar.gz"] + mirror, in: dir), mentions: ["exclude each other"])
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--archive", "missing.tar.gz"], in: dir), mentions: ["missing.tar.gz: cannot be read"])
        // The official pin refuses the small archive, offered as a local copy of the real one.
        let local = Self.fixtures.appendingPathComponent("mini-cifar-10-binary.tar.gz").path
        expectCleanFailure(try ticketscope(["data", "fetch", "cifar10", "--archive", local], in: dir), mentions: ["but the archive has 170052171"])
        #expect(entries(dir) == [], "\(entries(dir))")
    }

    @Test func demoNamesTheFetchCommandWhenItFindsNoCIFAR() throws {
        let dir = scratchDirectory()
        // Two images per class stop the demo right after the data check (too few for a batch): no training here.
        let r = try runProcess(ticketscopeBinary, ["demo", "--images-per-class", "2", "--quiet"], in: dir, environment: ["TICKETSCOPE_DATA": ""])
        #expect(r.status == 1 && r.stderr.contains("batch_size"), "\(r.stderr)")
        #expect(r.stderr.contains("demo: CIFAR-10 not found (--data, $TICKETSCOPE_DATA or ./data); get it with `ticketscope data fetch cifar10`"), "\(r.stderr)")
    }
}
