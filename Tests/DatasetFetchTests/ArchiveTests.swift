import DatasetFetch
import Datasets
import Foundation
import Testing

/// Archives already on disk: damaged gzip and tar streams, hostile members, incomplete layouts,
/// and what is already in the data root.
@Suite("unpacking and installing")
struct ArchiveTests {
    /// Fetches fixture `name` as a local archive, pinned as committed.
    func fetch(_ name: String, _ dataset: CIFAR = .cifar10, root: String, force: Bool = false) throws -> FetchOutcome {
        try DatasetFetcher.fetch(FetchRequest(dataset: dataset, root: root, source: .file(Fixtures.path(name)),
                                              pin: try Fixtures.archive(name).pin, force: force))
    }

    /// Writes `data` to a file in a scratch directory and fetches it, pinned as written.
    func fetch(bytes data: Data, root: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString).tar.gz")
        try data.write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pin = ArchivePin(sha256: SHA256.hex(of: [UInt8](data)), byteCount: Int64(data.count))
        _ = try DatasetFetcher.fetch(FetchRequest(dataset: .cifar10, root: root, source: .file(scratch.path), pin: pin))
    }

    @Test("a local archive is verified and unpacked, and left where it was")
    func localArchive() throws {
        try withDataRoot { root in
            let outcome = try fetch("mini-cifar-10-binary.tar.gz", root: root)
            #expect(outcome.action == .installed && outcome.archive == Fixtures.path("mini-cifar-10-binary.tar.gz"))
            #expect(CIFAR.cifar10.layoutProblem(in: outcome.directory) == nil)
            #expect(FileManager.default.fileExists(atPath: Fixtures.path("mini-cifar-10-binary.tar.gz")))
        }
    }

    @Test("a local archive of the wrong size or checksum is refused before unpacking")
    func localPin() throws {
        try withDataRoot { root in
            let path = Fixtures.path("mini-cifar-10-binary.tar.gz")
            let pin = try Fixtures.archive("mini-cifar-10-binary.tar.gz").pin
            expectFetchFailure(root: root, mentions: ["\(pin.byteCount) bytes, but the archive has 170052171"]) {
                _ = try DatasetFetcher.fetch(FetchRequest(dataset: .cifar10, root: root, source: .file(path)))
            }
            let wrong = ArchivePin(sha256: String(repeating: "0", count: 64), byteCount: pin.byteCount)
            expectFetchFailure(root: root, mentions: ["SHA-256 is \(pin.sha256)"]) {
                _ = try DatasetFetcher.fetch(FetchRequest(dataset: .cifar10, root: root, source: .file(path), pin: wrong))
            }
        }
    }

    @Test("hostile members are refused and nothing lands outside (or inside) the data root",
          arguments: [("hostile-dotdot.tar.gz", "'..'"), ("hostile-absolute.tar.gz", "absolute path"), ("hostile-symlink.tar.gz", "symbolic link")])
    func hostile(name: String, fragment: String) throws {
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["bad tar archive", fragment, "refused"]) { _ = try fetch(name, root: root) }
            let parent = (root as NSString).deletingLastPathComponent
            #expect(!FileManager.default.fileExists(atPath: (parent as NSString).appendingPathComponent("escaped.txt")))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/ticketscope-escaped.txt"))
        }
    }

    @Test("an archive without a file the readers need is not installed")
    func incompleteLayout() throws {
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["cifar-10-batches-bin/test_batch.bin is missing", "nothing was installed"]) {
                _ = try fetch("incomplete-cifar-10-binary.tar.gz", root: root)
            }
        }
    }

    @Test("damaged gzip: a cut-off stream, a flipped CRC, an empty file, not gzip at all")
    func damagedGzip() throws {
        let archive = try Fixtures.data("mini-cifar-10-binary.tar.gz")
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["corrupt gzip data", "truncated"]) { try fetch(bytes: archive.prefix(archive.count - 20), root: root) }
            var crc = archive
            crc[crc.count - 6] ^= 0xFF
            expectFetchFailure(root: root, mentions: ["corrupt gzip data", "incorrect data check"]) { try fetch(bytes: crc, root: root) }
            expectFetchFailure(root: root, mentions: ["corrupt gzip data", "empty"]) { try fetch(bytes: Data(), root: root) }
            expectFetchFailure(root: root, mentions: ["corrupt gzip data", "incorrect header check"]) { try fetch(bytes: Data("not gzip".utf8), root: root) }
        }
    }

    @Test("damaged tar inside good gzip: a bad header checksum, a stream without its end blocks")
    func damagedTar() throws {
        let tar = try gunzip(Fixtures.data("mini-cifar-10-binary.tar.gz"))
        try withDataRoot { root in
            var header = tar
            header[10] ^= 0x20
            expectFetchFailure(root: root, mentions: ["bad tar archive", "checksum does not match"]) { try fetch(bytes: gzip(header), root: root) }
            expectFetchFailure(root: root, mentions: ["bad tar archive", "ends early"]) { try fetch(bytes: gzip(tar.prefix(4096)), root: root) }
        }
    }

    @Test("what is already there: complete is left alone, incomplete needs force, a project-named directory wins")
    func existing() throws {
        try withDataRoot { root in
            let target = (root as NSString).appendingPathComponent("cifar-10-batches-bin")
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: (target as NSString).appendingPathComponent("mine.txt")))
            expectFetchFailure(root: root, leaves: ["cifar-10-batches-bin"], mentions: ["exists but is incomplete", "data_batch_1.bin is missing", "--force"]) {
                _ = try fetch("mini-cifar-10-binary.tar.gz", root: root)
            }
            let replaced = try fetch("mini-cifar-10-binary.tar.gz", root: root, force: true)
            #expect(replaced.action == .replaced && !replaced.files.contains("mine.txt"))
            #expect(contents(root) == ["cifar-10-batches-bin"])

            let project = (root as NSString).appendingPathComponent("cifar10")
            try FileManager.default.moveItem(atPath: target, toPath: project)
            let present = try fetch("mini-cifar-10-binary.tar.gz", root: root)
            #expect(present.action == .alreadyPresent && present.directory == project)
            expectFetchFailure(root: root, leaves: ["cifar10"], mentions: ["readers take it before cifar-10-batches-bin/"]) {
                _ = try fetch("mini-cifar-10-binary.tar.gz", root: root, force: true)
            }
        }
    }

    @Test("a staging directory left by a killed fetch is swept by the next one")
    func staleStaging() throws {
        try withDataRoot { root in
            let stale = (root as NSString).appendingPathComponent(".fetch-cifar10-999999999-deadbeef")
            try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
            _ = try fetch("mini-cifar-10-binary.tar.gz", root: root)
            #expect(contents(root) == ["cifar-10-batches-bin"])
        }
    }
}

/// gzip and gunzip through Python's gzip module (an independent implementation).
func gzip(_ data: Data) throws -> Data { try python("import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), mtime=0))", data) }
func gunzip(_ data: Data) throws -> Data { try python("import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))", data) }

private func python(_ code: String, _ input: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code]
    let stdin = Pipe(), stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return output
}
