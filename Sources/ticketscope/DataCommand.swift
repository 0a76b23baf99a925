import ArgumentParser
import DatasetFetch
import Datasets
import Dispatch
import Foundation
import PruningCore
import StoreJSON

extension CIFAR: ExpressibleByArgument {}

/// `ticketscope data …`: the datasets the project trains on.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Get the datasets train and demo read (CIFAR-10, CIFAR-100).",
        discussion: """
            train and demo look for CIFAR under --data DIR, else under $TICKETSCOPE_DATA, else under \
            ./data: cifar-10-batches-bin/ (or cifar10/) and cifar-100-binary/ (or cifar100/). \
            `data fetch` puts the official archives exactly there.

            Example:
              ticketscope data fetch cifar10
            """,
        subcommands: [DataFetchCommand.self]
    )
}

/// `ticketscope data fetch cifar10|cifar100`.
struct DataFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download, verify and unpack the official CIFAR-10 or CIFAR-100 binary archive.",
        discussion: """
            cifar10: https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (170,052,171 bytes) becomes \
            DIR/cifar-10-batches-bin/ (data_batch_1..5.bin, test_batch.bin, batches.meta.txt). \
            cifar100: cifar-100-binary.tar.gz (168,513,733 bytes) becomes DIR/cifar-100-binary/ (train.bin, \
            test.bin, coarse_label_names.txt, fine_label_names.txt); configs with "dataset": "cifar100" \
            train on it. DIR defaults to $TICKETSCOPE_DATA, else ./data, where train and demo look.

            The archive's size and SHA-256 are pinned in the dataset's registration and checked before \
            anything is unpacked. The download and the unpacking happen in a hidden directory inside DIR, \
            and the dataset directory appears in one rename: an HTTP error, a wrong size, a truncated or \
            interrupted download (Ctrl-C), a checksum mismatch, a corrupt archive or a member that would \
            escape DIR (an absolute path, '..', a link) leaves DIR as it was, with one error line. A \
            dataset directory that is already there and complete is left alone (--force replaces it).

            --mirror (or $TICKETSCOPE_DATA_MIRROR) asks another http(s) server for the same file name; \
            --archive unpacks a copy downloaded by other means. Both are checked against the pinned \
            SHA-256 unless --sha256 and --size name another archive (a private repack).

            Examples:
              ticketscope data fetch cifar10
              ticketscope data fetch cifar100 --dir /scratch/datasets
              ticketscope data fetch cifar10 --archive ~/Downloads/cifar-10-binary.tar.gz
              TICKETSCOPE_DATA_MIRROR=http://mirror.lan/cifar/ ticketscope data fetch cifar10 --json
            """
    )

    /// The environment variable naming a mirror's base address.
    static let mirrorVariable = "TICKETSCOPE_DATA_MIRROR"

    @Argument(help: ArgumentHelp("The dataset: cifar10 or cifar100.", valueName: "dataset")) var dataset: CIFAR
    @Option(help: ArgumentHelp("Data root to unpack into (default: $TICKETSCOPE_DATA, else ./data).", valueName: "dir")) var dir: String?
    @Option(help: ArgumentHelp("Base address to download the archive's file name from, instead of the official one (default: $TICKETSCOPE_DATA_MIRROR).", valueName: "url"))
    var mirror: String?
    @Option(help: ArgumentHelp("Unpack this archive file instead of downloading.", valueName: "file")) var archive: String?
    @Option(help: ArgumentHelp("Expect this SHA-256 instead of the pinned one (with --size).", valueName: "hex")) var sha256: String?
    @Option(help: ArgumentHelp("Expect this archive size in bytes instead of the pinned one (with --sha256).", valueName: "bytes")) var size: Int64?
    @Flag(help: "Replace the dataset directory if it is already there.") var force = false
    @Flag(help: "No progress bar.") var quiet = false
    @Flag(help: "Print what was done as JSON.") var json = false

    func run() throws {
        let request = try makeRequest()
        let cancellation = FetchCancellation()
        let signals = SignalCancellation(cancellation)
        defer { withExtendedLifetime(signals) {} }
        let bar = ProgressBar(quiet: quiet)
        let started = Date()
        let outcome: FetchOutcome
        do {
            outcome = try DatasetFetcher.fetch(request, cancellation: cancellation) { p in
                bar.update(TrainingProgress(phase: "\(p.phase.rawValue) \(request.dataset.archive.fileName)", done: Int(p.done), total: Int(p.total),
                                            seconds: Date().timeIntervalSince(started), finished: p.done >= p.total, unit: "B"))
            }
        } catch let error as FetchError {
            if case .interrupted = error {
                printError("Error: \(error)")
                throw ExitCode(130)
            }
            throw error
        }
        if json { try printJSON(FetchJSON(dataset: request.dataset.rawValue, outcome: outcome)) } else { print(summary(outcome, request: request)) }
    }

    /// The request the options describe.
    func makeRequest() throws -> FetchRequest {
        let environment = ProcessInfo.processInfo.environment
        let root = dir ?? CIFAR.root(environment: environment)
        var source = FetchRequest.Source.official
        if let archive {
            guard mirror == nil else { throw UsageError("--archive and --mirror exclude each other: unpack a file, or download from a mirror") }
            source = .file(archive)
        } else if let base = mirror ?? environment[Self.mirrorVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw UsageError("mirror '\(base)' is not an http:// or https:// address")
            }
            source = .mirror(url)
        }
        var pin: ArchivePin?
        switch (sha256, size) {
        case (nil, nil): pin = nil
        case let (sha?, bytes?):
            guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { throw UsageError("--sha256 '\(sha)' is not 64 hex digits") }
            guard bytes > 0 else { throw UsageError("--size \(bytes) must be a positive number of bytes") }
            pin = ArchivePin(sha256: sha, byteCount: bytes)
        default: throw UsageError("--sha256 and --size go together: both name the archive to expect")
        }
        return FetchRequest(dataset: dataset, root: root, source: source, pin: pin, force: force)
    }

    /// One or two lines telling what was done and how train finds the data.
    func summary(_ outcome: FetchOutcome, request: FetchRequest) -> String {
        let name = request.dataset.rawValue
        guard let pin = outcome.pin, let archive = outcome.archive else {
            return "\(name): \(outcome.directory) is already present and complete; nothing done (--force fetches it again)"
        }
        let verb: String
        if case .file = request.source { verb = "read" } else { verb = "downloaded" }
        let action = outcome.action == .replaced ? "replaced" : "unpacked into"
        var lines = ["\(name): \(verb) \(archive) (\(pin.byteCount) bytes, SHA-256 \(pin.sha256) verified); \(action) \(outcome.directory) (\(outcome.files.count) files)"]
        let found = (try? request.dataset.locate()).map { URL(fileURLWithPath: $0).standardizedFileURL == URL(fileURLWithPath: outcome.directory).standardizedFileURL } ?? false
        lines.append(found ? "train and demo find it there without --data"
                           : "train and demo read it with --data \(outcome.directory) (or set \(CIFAR.environmentVariable)=\(request.root))")
        return lines.joined(separator: "\n")
    }
}

/// `data fetch --json`.
struct FetchJSON: Encodable {
    let dataset: String
    let action: String
    let directory: String
    @Null var archive: String?
    @Null var bytes: Int64?
    @Null var sha256: String?
    let files: [String]

    init(dataset: String, outcome: FetchOutcome) {
        self.dataset = dataset
        action = outcome.action.rawValue
        directory = outcome.directory
        archive = outcome.archive
        bytes = outcome.pin?.byteCount
        sha256 = outcome.pin?.sha256
        files = outcome.files
    }
}

/// SIGINT, SIGTERM and SIGHUP during a fetch: the first cancels it (the download stops at once and
/// the working directory is removed); a second one quits at once (the next fetch sweeps what is left).
final class SignalCancellation {
    private var sources: [DispatchSourceSignal] = []

    init(_ cancellation: FetchCancellation) {
        let received = SignalCount()
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInteractive))
            source.setEventHandler {
                if received.increment() > 1 { _exit(130) }
                cancellation.cancel(name)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// How many signals arrived, safe to bump from signal-handler queues.
final class SignalCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one and returns the new count.
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
