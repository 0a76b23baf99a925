import Foundation
import GRDB

/// A run found in more than one input with the same content, kept once.
public struct MergedDuplicate: Sendable, Equatable {
    /// The run's name.
    public let run: String
    /// The input the kept copy came from, then every other input holding it.
    public let files: [String]
}

/// What ``StoreMerge/merge(inputs:into:)`` wrote.
public struct MergeSummary: Sendable, Equatable {
    /// The new store.
    public let output: String
    /// The input stores, in the order read.
    public let inputs: [String]
    /// Names of the runs written, in output order.
    public let runs: [String]
    /// Runs held identically by several inputs.
    public let duplicates: [MergedDuplicate]
}

/// Why a merge was refused; nothing is written in any case.
public enum MergeError: Error, CustomStringConvertible, Equatable {
    /// No input stores were named.
    case noInputs
    /// A directory given as input holds no `*.sqlite` file.
    case noStoresInDirectory(String)
    /// The output path already exists; merge only writes new files.
    case outputExists(String)
    /// The output path is one of the inputs.
    case outputIsInput(String)
    /// Two inputs are the same file.
    case inputTwice(String, String)
    /// An input failed verification; `problem` is its first problem.
    case damagedInput(path: String, problem: String)
    /// A run of an input is being written by a live process.
    case liveWriter(run: String, path: String, holder: LeaseHolder)
    /// The same run name in two inputs with different content; `differs` says what differs.
    case conflict(run: String, first: String, second: String, differs: String)

    /// One line saying what is wrong and what to do.
    public var description: String {
        switch self {
        case .noInputs: return "name the stores to merge (files, or directories of *.sqlite files)"
        case .noStoresInDirectory(let d): return "directory '\(d)' holds no *.sqlite store"
        case .outputExists(let p): return "'\(p)' already exists; merge writes a new file (pick another --out, or remove it first)"
        case .outputIsInput(let p): return "--out '\(p)' is one of the inputs; merge never writes into an input"
        case .inputTwice(let a, let b): return "'\(a)' and '\(b)' are the same store; a store cannot be merged with itself"
        case .damagedInput(let p, let why): return "'\(p)' is damaged (\(why)); run `ticketscope verify --db \(p)`; nothing written"
        case .liveWriter(let r, let p, let h):
            return "run '\(r)' in '\(p)' is being written by \(h); merge it when that run has finished; nothing written"
        case .conflict(let r, let a, let b, let what):
            return "run '\(r)' is in '\(a)' and in '\(b)' with different \(what); rename one (or drop it) before merging; nothing written"
        }
    }
}

/// Merges stores into one new store, all or nothing: the result is built in a temporary file next
/// to the output and renamed into place only when every input has been copied. Inputs are opened
/// read-only (older schema versions as they are) and checked first; a run held by several inputs
/// with the same content is kept once, the same name with different content is refused.
public enum StoreMerge {
    /// The stores named by `arguments`: files as given, directories as their `*.sqlite` files (sorted).
    public static func expand(_ arguments: [String]) throws -> [String] {
        var result: [String] = []
        for a in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: a, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: a)) ?? []
                let stores = names.filter { $0.hasSuffix(".sqlite") && !$0.hasPrefix(".") }.sorted()
                if stores.isEmpty { throw MergeError.noStoresInDirectory(a) }
                result += stores.map { (a as NSString).appendingPathComponent($0) }
            } else {
                result.append(a)
            }
        }
        if result.isEmpty { throw MergeError.noInputs }
        return result
    }

    /// Merges `inputs` (store files) into a new store at `output`.
    public static func merge(inputs: [String], into output: String) throws -> MergeSummary {
        if inputs.isEmpty { throw MergeError.noInputs }
        var identities: [FileIdentity: String] = [:]
        for path in inputs {
            guard let id = FileIdentity(path) else { throw StoreError.missingDatabase(path: path) }
            if let earlier = identities[id] { throw MergeError.inputTwice(earlier, path) }
            identities[id] = path
        }
        if let outID = FileIdentity(output) {
            if let input = identities[outID] { throw MergeError.outputIsInput(input) }
            throw MergeError.outputExists(output)
        }
        let sources = try inputs.map(checkedSource)
        let temporary = temporaryPath(for: output)
        defer { removeStoreFiles(temporary) }
        _ = try RunStore(path: temporary, mode: .write)   // creates the current schema, then closes
        var written: [String] = []
        var duplicates: [MergedDuplicate] = []
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            let queue = try DatabaseQueue(path: temporary, configuration: config)
            // The temporary file is thrown away on any failure, so its commits need not reach the disk
            // one by one; the final checkpoint below runs with full syncing before the rename.
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = OFF") }
            var origin: [String: (path: String, id: Int64)] = [:]
            var duplicateIndex: [String: Int] = [:]
            for source in sources {
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [source.uri])
                    defer { try? db.execute(sql: "DETACH DATABASE src") }
                    try db.inTransaction {
                        let copier = try RunCopier(db)
                        for (srcID, name) in try copier.sourceRuns() {
                            if let first = origin[name] {
                                if let what = try copier.difference(source: srcID, target: first.id) {
                                    throw MergeError.conflict(run: name, first: first.path, second: source.path, differs: what)
                                }
                                if let i = duplicateIndex[name] {
                                    duplicates[i] = MergedDuplicate(run: name, files: duplicates[i].files + [source.path])
                                } else {
                                    duplicateIndex[name] = duplicates.count
                                    duplicates.append(MergedDuplicate(run: name, files: [first.path, source.path]))
                                }
                                continue
                            }
                            origin[name] = (source.path, try copier.copy(run: srcID))
                            written.append(name)
                        }
                        return .commit
                    }
                }
            }
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.checkpoint(.truncate)
            }
            try queue.close()
        } catch let e as DatabaseError {
            throw RunStore.translate(e, path: temporary)
        }
        try place(temporary, at: output)
        return MergeSummary(output: output, inputs: inputs, runs: written, duplicates: duplicates)
    }

    /// An input, checked: a TicketScope store this build reads, whole, with no run being written.
    private static func checkedSource(_ path: String) throws -> (path: String, uri: String) {
        let store = try RunStore(path: path, mode: .read)
        let check = try store.verify()
        if let problem = check.fileProblems.first ?? check.runs.lazy.compactMap({ r in r.problems.first.map { "run '\(r.run)': \($0)" } }).first {
            throw MergeError.damagedInput(path: path, problem: problem)
        }
        for run in try store.runs() {
            if let holder = try store.liveLeaseHolder(of: run) { throw MergeError.liveWriter(run: run.name, path: path, holder: holder) }
        }
        return (path, store.isSnapshot ? StoreFile.immutableURI(path) : StoreFile.readOnlyURI(path))
    }

    /// A hidden file next to `output`, so the final rename stays on one filesystem.
    private static func temporaryPath(for output: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).merging-\(getpid())-\(UUID().uuidString.prefix(8))").path
    }

    /// Moves the finished temporary store to `output` without replacing a file created meanwhile.
    private static func place(_ temporary: String, at output: String) throws {
        if FileManager.default.fileExists(atPath: temporary + "-wal"),
           ((try? FileManager.default.attributesOfItem(atPath: temporary + "-wal")[.size] as? Int) ?? 0) > 0 {
            throw StoreError.sqlite("the merged store's write-ahead log was not checkpointed; nothing written")
        }
        if link(temporary, output) != 0 {
            if errno == EEXIST { throw MergeError.outputExists(output) }
            // A filesystem without hard links: rename (the existence check above is then not atomic).
            if FileManager.default.fileExists(atPath: output) { throw MergeError.outputExists(output) }
            guard rename(temporary, output) == 0 else {
                throw StoreError.sqlite("cannot move the merged store to '\(output)': \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func removeStoreFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A file's device and inode: two paths name the same store exactly when these agree.
private struct FileIdentity: Hashable {
    let device: UInt64, inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev); inode = UInt64(info.st_ino)
    }
}
