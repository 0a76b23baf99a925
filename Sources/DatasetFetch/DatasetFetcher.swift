import Datasets
import Foundation

/// What to fetch, from where, into which data root.
public struct FetchRequest: Sendable {
    /// Where the archive comes from.
    public enum Source: Sendable, Equatable {
        /// The registration's official address.
        case official
        /// The archive's file name under another base address (http or https).
        case mirror(URL)
        /// An archive already on disk (downloaded by hand); it is verified and unpacked, not moved.
        case file(String)
    }

    /// The dataset to fetch.
    public var dataset: CIFAR
    /// The data root; the dataset lands in `root/<archive directory>`.
    public var root: String
    public var source: Source
    /// The size and SHA-256 the archive must have; nil means the registration's pinned values.
    public var pin: ArchivePin?
    /// Replace a dataset directory that is already there.
    public var force: Bool

    /// A request; by default the official archive, its pinned checksum, and no replacing.
    public init(dataset: CIFAR, root: String, source: Source = .official, pin: ArchivePin? = nil, force: Bool = false) {
        self.dataset = dataset; self.root = root; self.source = source; self.pin = pin; self.force = force
    }
}

/// The size and SHA-256 an archive must have.
public struct ArchivePin: Sendable, Equatable {
    /// 64 lowercase hex digits.
    public let sha256: String
    public let byteCount: Int64

    /// A pin; `sha256` is lowercased.
    public init(sha256: String, byteCount: Int64) {
        self.sha256 = sha256.lowercased()
        self.byteCount = byteCount
    }

    /// The registration's pinned values.
    public init(_ archive: DatasetArchive) { self.init(sha256: archive.sha256, byteCount: archive.byteCount) }
}

/// How far a fetch has come, for the CLI to draw (libraries never print).
public struct FetchProgress: Sendable {
    /// The phase a report belongs to.
    public enum Phase: String, Sendable {
        /// Receiving the archive.
        case download
        /// Hashing an archive already on disk.
        case verify
        /// Decompressing and writing the files.
        case unpack
    }

    public let phase: Phase
    /// Archive bytes handled so far, and in all.
    public let done: Int64
    public let total: Int64
}

/// What a fetch did.
public struct FetchOutcome: Sendable, Equatable {
    /// What happened to the dataset directory.
    public enum Action: String, Sendable {
        /// It was already there and complete; nothing was done.
        case alreadyPresent = "already-present"
        /// It was created.
        case installed
        /// It existed and was replaced (`force`).
        case replaced
    }

    public let action: Action
    /// The dataset directory the readers find.
    public let directory: String
    /// The address downloaded, or the archive file read; nil when nothing was done.
    public let archive: String?
    /// The archive's size and SHA-256 (verified); nil when nothing was done.
    public let pin: ArchivePin?
    /// Files of the dataset directory, relative to it, sorted.
    public let files: [String]
}

/// Downloads a registered dataset archive, verifies its size and SHA-256, unpacks it and moves the
/// dataset directory into the data root in one `rename`.
///
/// Everything happens in a hidden staging directory inside the root: whatever fails (an HTTP
/// error, a wrong size, a checksum mismatch, a cancellation, a corrupt gzip or tar stream, a member
/// that would escape the directory, a layout the readers cannot use), the staging directory is
/// removed and the root is as it was.
public enum DatasetFetcher {
    /// Fetches `request.dataset` unless it is already present and complete.
    /// - Throws: `FetchError` (one line) for every failure; nothing half-written is left.
    public static func fetch(_ request: FetchRequest, cancellation: FetchCancellation = FetchCancellation(),
                             progress: @escaping (FetchProgress) -> Void = { _ in }) throws -> FetchOutcome {
        let archive = request.dataset.archive
        let target = (request.root as NSString).appendingPathComponent(archive.directoryName)
        let existing = try existingTarget(request, target: target)
        if let existing, !request.force {
            return FetchOutcome(action: .alreadyPresent, directory: existing, archive: nil, pin: nil, files: listFiles(existing))
        }
        let rootExisted = FileManager.default.fileExists(atPath: request.root)
        do { try FileManager.default.createDirectory(atPath: request.root, withIntermediateDirectories: true) } catch {
            throw FetchError.io(path: request.root, message: "cannot create the data directory (\(error.localizedDescription))")
        }
        var installed = false
        defer { if !rootExisted && !installed { _ = rmdir(request.root) } }
        let staging = try StagingDirectory.create(in: request.root, for: request.dataset.rawValue)
        defer { staging.remove() }
        let pin = request.pin ?? ArchivePin(archive)

        let archivePath: String, archiveName: String
        switch request.source {
        case .official, .mirror:
            let url: URL
            if case let .mirror(base) = request.source { url = archive.url(mirror: base) } else { url = archive.url }
            archivePath = staging.appending(archive.fileName)
            archiveName = url.absoluteString
            let sha = try HTTPDownload(url: url, expectedBytes: pin.byteCount, destination: archivePath, cancellation: cancellation,
                                       progress: { progress(FetchProgress(phase: .download, done: $0, total: $1)) }).run()
            guard sha == pin.sha256 else { throw FetchError.checksum(file: archive.fileName, actual: sha, expected: pin.sha256) }
        case let .file(path):
            archivePath = path
            archiveName = path
            try verify(file: path, pin: pin, cancellation: cancellation) { progress(FetchProgress(phase: .verify, done: $0, total: $1)) }
        }

        let unpacked = staging.appending("unpacked")
        do { try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: false) } catch {
            throw FetchError.io(path: unpacked, message: "cannot create a working directory (\(error.localizedDescription))")
        }
        try unpack(archivePath, name: archive.fileName, into: unpacked, cancellation: cancellation) {
            progress(FetchProgress(phase: .unpack, done: $0, total: $1))
        }
        let dataset = (unpacked as NSString).appendingPathComponent(archive.directoryName)
        guard isDirectory(dataset) else {
            throw FetchError.layout(file: archive.fileName, reason: "it holds no \(archive.directoryName)/ directory")
        }
        if let problem = request.dataset.layoutProblem(in: dataset) {
            throw FetchError.layout(file: archive.fileName, reason: "\(archive.directoryName)/\(problem)")
        }
        try cancellation.check()
        let replaced = try install(dataset, at: target, staging: staging)
        installed = true
        return FetchOutcome(action: replaced ? .replaced : .installed, directory: target, archive: archiveName, pin: pin,
                            files: listFiles(target))
    }

    /// The dataset directory already in the root and complete, or nil when there is none (or `force`
    /// is set and it may be replaced).
    /// - Throws: `FetchError.incompleteTarget` for a directory that is there but incomplete, without
    ///   `force`; or for a project-named directory (`cifar10/`) the readers would prefer to the fetched one.
    private static func existingTarget(_ request: FetchRequest, target: String) throws -> String? {
        let preferred = (request.root as NSString).appendingPathComponent(request.dataset.rawValue)
        if isDirectory(preferred) {
            let problem = request.dataset.layoutProblem(in: preferred)
            if problem == nil && !request.force { return preferred }
            throw FetchError.incompleteTarget(directory: preferred, reason: (problem.map { "is incomplete (\($0)), and " } ?? "")
                + "readers take it before \(request.dataset.archive.directoryName)/; move it away first")
        }
        guard FileManager.default.fileExists(atPath: target) else { return nil }
        guard isDirectory(target) else { throw FetchError.incompleteTarget(directory: target, reason: "is not a directory") }
        if let problem = request.dataset.layoutProblem(in: target) {
            if request.force { return nil }
            throw FetchError.incompleteTarget(directory: target, reason: "is incomplete (\(problem))")
        }
        return request.force ? nil : target
    }

    /// Checks a file's size and SHA-256 against `pin`.
    private static func verify(file path: String, pin: ArchivePin, cancellation: FetchCancellation,
                               progress: (Int64, Int64) -> Void) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        guard let size, let handle = FileHandle(forReadingAtPath: path) else { throw FetchError.io(path: path, message: "cannot be read") }
        defer { try? handle.close() }
        guard size == pin.byteCount else { throw FetchError.fileSize(file: path, actual: size, expected: pin.byteCount) }
        var hash = SHA256()
        var read: Int64 = 0
        while let chunk = try readChunk(handle, path: path) {
            try cancellation.check()
            read += Int64(chunk.count)
            chunk.withUnsafeBytes { hash.update($0) }
            progress(read, pin.byteCount)
        }
        let sha = hash.hexDigest()
        guard sha == pin.sha256 else { throw FetchError.checksum(file: path, actual: sha, expected: pin.sha256) }
    }

    /// Streams the archive through gzip and tar into `directory`.
    private static func unpack(_ path: String, name: String, into directory: String, cancellation: FetchCancellation,
                               progress: (Int64, Int64) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FetchError.io(path: path, message: "cannot be read") }
        defer { try? handle.close() }
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        let gzip = try GzipDecoder(file: name)
        let tar = TarReader(file: name, handler: TarExtractor(root: directory))
        var read: Int64 = 0
        while let chunk = try readChunk(handle, path: path) {
            try cancellation.check()
            try chunk.withUnsafeBytes { bytes in try gzip.decode(bytes) { try tar.consume($0) } }
            read += Int64(chunk.count)
            progress(read, total)
        }
        try gzip.finish()
        try tar.finish()
    }

    /// Moves `dataset` to `target` (replacing what is there) and tells whether something was replaced.
    private static func install(_ dataset: String, at target: String, staging: StagingDirectory) throws -> Bool {
        let previous = staging.appending("previous")
        let replacing = FileManager.default.fileExists(atPath: target)
        if replacing, rename(target, previous) != 0 {
            throw FetchError.io(path: target, message: "cannot move the old directory aside (\(String(cString: strerror(errno))))")
        }
        guard rename(dataset, target) == 0 else {
            let message = String(cString: strerror(errno))
            if replacing { _ = rename(previous, target) }
            throw FetchError.io(path: target, message: "cannot move the unpacked directory into place (\(message))")
        }
        return replacing
    }

    /// Reads the next megabyte, or nil at the end.
    private static func readChunk(_ handle: FileHandle, path: String) throws -> Data? {
        do {
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            return data.isEmpty ? nil : data
        } catch {
            throw FetchError.io(path: path, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    private static func listFiles(_ directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            if !isDirectory((directory as NSString).appendingPathComponent(name)) { files.append(name) }
        }
        return files.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
