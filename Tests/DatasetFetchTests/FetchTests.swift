import DatasetFetch
import Datasets
import Foundation
import LoopbackHTTP
import Testing

/// The whole fetch path against a loopback HTTP server serving small archives in the official layout.
@Suite("data fetch over loopback HTTP")
struct FetchTests {
    let server: LoopbackHTTPServer
    let cifar10: Data
    let pin10: ArchivePin

    init() throws {
        server = try LoopbackHTTPServer()
        cifar10 = try Fixtures.data("mini-cifar-10-binary.tar.gz")
        pin10 = try Fixtures.archive("mini-cifar-10-binary.tar.gz").pin
    }

    func request(_ dataset: CIFAR = .cifar10, root: String, pin: ArchivePin? = nil, force: Bool = false) -> FetchRequest {
        FetchRequest(dataset: dataset, root: root, source: .mirror(server.baseURL), pin: pin ?? pin10, force: force)
    }

    @Test("success: verified, unpacked where the readers look, reported; then already present; --force replaces")
    func success() throws {
        server.serve("/cifar-10-binary.tar.gz", .body(cifar10))
        try withDataRoot { root in
            var phases = Set<FetchProgress.Phase>()
            let outcome = try DatasetFetcher.fetch(request(root: root)) { phases.insert($0.phase) }
            let directory = (root as NSString).appendingPathComponent("cifar-10-batches-bin")
            #expect(outcome.action == .installed && outcome.directory == directory)
            #expect(outcome.pin == pin10 && outcome.archive == server.baseURL.absoluteString + "cifar-10-binary.tar.gz")
            let expected = try Fixtures.archive("mini-cifar-10-binary.tar.gz").files.map { String($0.dropFirst("cifar-10-batches-bin/".count)) }
            #expect(outcome.files == expected.sorted())
            #expect(phases == [.download, .unpack])
            #expect(contents(root) == ["cifar-10-batches-bin"])
            let train = try CIFAR.cifar10.load(.train, environment: [CIFAR.environmentVariable: root])
            #expect(train.count == 20 && train.labels == [4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3])
            #expect(try CIFAR.cifar10.load(.test, environment: [CIFAR.environmentVariable: root]).labels == [0, 1, 2, 3])
            #expect(train.classNames.first == "airplane")
            #expect(try CIFAR.cifar10.locate(environment: [CIFAR.environmentVariable: root]) == directory)

            let again = try DatasetFetcher.fetch(request(root: root))
            #expect(again.action == .alreadyPresent && again.archive == nil && again.directory == directory)
            #expect(server.requests.count == 1)

            let forced = try DatasetFetcher.fetch(request(root: root, force: true))
            #expect(forced.action == .replaced && forced.files == outcome.files)
            #expect(server.requests.count == 2)
            #expect(contents(root) == ["cifar-10-batches-bin"])
        }
    }

    @Test("CIFAR-100 (pax archive with a long member name) lands in cifar-100-binary and loads")
    func cifar100() throws {
        server.serve("/cifar-100-binary.tar.gz", .body(try Fixtures.data("mini-cifar-100-binary.tar.gz")))
        try withDataRoot { root in
            let pin = try Fixtures.archive("mini-cifar-100-binary.tar.gz").pin
            let outcome = try DatasetFetcher.fetch(request(.cifar100, root: root, pin: pin))
            #expect(outcome.files.contains { $0.hasPrefix("notes/a-member-name-longer-than") && $0.count > 100 }, "\(outcome.files)")
            let train = try CIFAR.cifar100.load(.train, environment: [CIFAR.environmentVariable: root])
            #expect(train.coarseLabels == [3, 4] && train.labels == [3, 4])
            #expect(contents(root) == ["cifar-100-binary"])
        }
    }

    @Test("checksum mismatch: same size, one byte changed; nothing is unpacked")
    func checksumMismatch() throws {
        var altered = cifar10
        altered[altered.count / 2] ^= 0x01
        server.serve("/cifar-10-binary.tar.gz", .body(altered))
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["SHA-256 is", "expected \(pin10.sha256)", "nothing was unpacked"]) {
                _ = try DatasetFetcher.fetch(request(root: root))
            }
        }
    }

    @Test("the registration's pinned checksum refuses an archive that is not the official one")
    func pinnedChecksum() throws {
        server.serve("/cifar-10-binary.tar.gz", .body(cifar10))
        try withDataRoot { root in
            let official = ArchivePin(CIFAR.cifar10.archive)
            #expect(official.byteCount == 170_052_171)
            expectFetchFailure(root: root, mentions: ["announces \(cifar10.count) bytes", "170052171"]) {
                _ = try DatasetFetcher.fetch(FetchRequest(dataset: .cifar10, root: root, source: .mirror(server.baseURL)))
            }
        }
    }

    @Test("truncated download: the server closes after half the announced bytes")
    func truncated() throws {
        server.serve("/cifar-10-binary.tar.gz", .truncated(cifar10, after: cifar10.count / 2))
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["of \(cifar10.count) bytes", "truncated", "nothing was written"]) {
                _ = try DatasetFetcher.fetch(request(root: root))
            }
        }
    }

    @Test("interrupted download: cancelled while the server stalls halfway")
    func interrupted() throws {
        server.serve("/cifar-10-binary.tar.gz", .stall(cifar10, after: cifar10.count / 2))
        try withDataRoot { root in
            let cancellation = FetchCancellation()
            let finished = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result: Result<FetchOutcome, Error>?
            let thread = Thread { [request = request(root: root)] in
                result = Result { try DatasetFetcher.fetch(request, cancellation: cancellation) }
                finished.signal()
            }
            thread.start()
            #expect(server.stalled.wait(timeout: .now() + 20) == .success)
            // The staging directory with the partial download exists while the transfer hangs.
            #expect(contents(root).count == 1 && contents(root)[0].hasPrefix(".fetch-cifar10-"))
            cancellation.cancel("SIGINT")
            #expect(finished.wait(timeout: .now() + 20) == .success)
            expectFetchFailure(root: root, mentions: ["SIGINT", "fetch stopped", "nothing was written"]) { _ = try result?.get() }
        }
    }

    @Test("HTTP errors and a wrong announced size are one line each")
    func httpErrors() throws {
        try withDataRoot { root in
            expectFetchFailure(root: root, mentions: ["HTTP 404", "cifar-10-binary.tar.gz"]) { _ = try DatasetFetcher.fetch(request(root: root)) }
            server.serve("/cifar-10-binary.tar.gz", .status(503))
            expectFetchFailure(root: root, mentions: ["HTTP 503"]) { _ = try DatasetFetcher.fetch(request(root: root)) }
            server.serve("/cifar-10-binary.tar.gz", .body(cifar10 + Data([0])))
            expectFetchFailure(root: root, mentions: ["announces \(cifar10.count + 1) bytes"]) { _ = try DatasetFetcher.fetch(request(root: root)) }
        }
        // Nothing listens on the port any more: a connection error.
        let port = server.port
        server.stop()
        try withDataRoot { root in
            let gone = FetchRequest(dataset: .cifar10, root: root, source: .mirror(URL(string: "http://127.0.0.1:\(port)/")!), pin: pin10)
            expectFetchFailure(root: root, mentions: ["download failed"]) { _ = try DatasetFetcher.fetch(gone) }
        }
    }

    @Test("corrupt archive: a damaged deflate stream whose checksum was pinned as served")
    func corruptArchive() throws {
        var damaged = cifar10
        for offset in 200..<260 { damaged[offset] = 0xFF }
        server.serve("/cifar-10-binary.tar.gz", .body(damaged))
        try withDataRoot { root in
            let pin = ArchivePin(sha256: SHA256.hex(of: [UInt8](damaged)), byteCount: Int64(damaged.count))
            // Damaged deflate data is caught by zlib, or, when it still inflates, by the tar headers' checksums.
            expectFetchFailure(root: root, mentions: ["nothing was unpacked"]) { _ = try DatasetFetcher.fetch(request(root: root, pin: pin)) }
            let error = #expect(throws: FetchError.self) { try DatasetFetcher.fetch(request(root: root, pin: pin)) }
            #expect(error.map { "\($0)".contains("corrupt gzip data") || "\($0)".contains("bad tar archive") } == true, "\(String(describing: error))")
        }
    }
}
