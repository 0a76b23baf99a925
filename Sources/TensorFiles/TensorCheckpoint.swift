import Foundation

/// A tensor's name, element type and shape, known before its data is read.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]
    /// The number of elements: the product of `shape`.
    public var count: Int { shape.reduce(1, *) }
}

/// The tensors of one checkpoint: a single .npy, .npz or safetensors file, or a sharded safetensors
/// checkpoint (`model.safetensors.index.json` and the shards its `weight_map` names).
///
/// Only headers are read when it is opened; every name, dtype, shape and byte range is checked then, so a
/// truncated or inconsistent checkpoint fails before any tensor is used. Safetensors files are memory-mapped
/// and each tensor's pages are released once its kept bits are packed, so memory stays near one tensor,
/// not one file. .npy and .npz files are read whole.
public final class TensorCheckpoint: @unchecked Sendable {
    /// The path as given (a file, an index file or a directory holding `model.safetensors.index.json`).
    public let path: String
    /// The format of the file or shards.
    public let format: TensorFileFormat
    /// True for a sharded checkpoint.
    public let isSharded: Bool
    /// The safetensors `__metadata__` (of the first shard for a sharded checkpoint); empty for NumPy files.
    public let metadata: [String: String]
    /// The tensors: file order, and for a sharded checkpoint shard by shard in the order the index first names them.
    public let tensors: [TensorInfo]

    /// The files read and, per tensor, which file and where.
    private let files: [Storage]
    private let locations: [(file: Int, entry: Int)]

    private enum Storage {
        case mapped(path: String, file: MappedFile, header: Safetensors.Header)
        case loaded(path: String, tensors: [NamedTensor])

        var path: String {
            switch self {
            case .mapped(let path, _, _), .loaded(let path, _): return path
            }
        }
    }

    /// The index file name Hugging Face writes beside the shards.
    public static let indexFileName = "model.safetensors.index.json"

    /// Opens a checkpoint and checks its headers (see the type's documentation).
    /// - Throws: `TensorFileError` naming the file at fault: missing or unreadable files, a directory without an
    ///   index, an index naming a missing shard, a shard tensor the index does not list (or lists elsewhere),
    ///   an index entry its shard does not hold, truncated or malformed files, unsupported dtypes.
    public static func open(path: String) throws -> TensorCheckpoint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TensorFileError(path: path, reason: "no such file or directory")
        }
        if isDirectory.boolValue {
            let index = (path as NSString).appendingPathComponent(indexFileName)
            guard FileManager.default.fileExists(atPath: index) else {
                throw TensorFileError(path: path, reason: "is a directory without \(indexFileName) (pass a tensor file, an index file or a directory with one)")
            }
            return try openSharded(index: index, given: path)
        }
        if path.hasSuffix(".index.json") { return try openSharded(index: path, given: path) }
        let storage = try openFile(path)
        let (infos, metadata, format) = describe(storage)
        return TensorCheckpoint(path: path, format: format, isSharded: false, metadata: metadata, tensors: infos,
                                files: [storage], locations: infos.indices.map { (0, $0) })
    }

    private init(path: String, format: TensorFileFormat, isSharded: Bool, metadata: [String: String],
                 tensors: [TensorInfo], files: [Storage], locations: [(file: Int, entry: Int)]) {
        self.path = path; self.format = format; self.isSharded = isSharded; self.metadata = metadata
        self.tensors = tensors; self.files = files; self.locations = locations
    }

    /// The tensor bytes of the largest file (the largest shard of a sharded checkpoint).
    public var largestFileTensorBytes: Int {
        files.map { storage -> Int in
            switch storage {
            case .mapped(_, _, let header): return header.entries.reduce(0) { $0 + $1.range.count }
            case .loaded(_, let tensors): return tensors.reduce(0) { $0 + $1.data.count }
            }
        }.max() ?? 0
    }

    /// The file that holds tensor `index` (a shard's path for a sharded checkpoint).
    public func file(of index: Int) -> String { files[locations[index].file].path }

    /// Packs the kept flags of tensor `index` into `words` (`(count + 63) / 64` of them, all overwritten).
    /// Safe to call from several threads at once for different tensors.
    /// - Throws: `TensorFileError` naming the file and tensor (a NaN, a value other than 0 or 1 under `.binary`, ...).
    public func packKeptBits(of index: Int, rule: KeptRule, into words: UnsafeMutableBufferPointer<UInt64>) throws {
        let (fileIndex, entry) = locations[index]
        let info = tensors[index]
        precondition(words.count == (info.count + 63) / 64)
        do {
            switch files[fileIndex] {
            case .mapped(_, let file, let header):
                let range = header.entries[entry].range
                let start = header.dataStart + range.lowerBound
                let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<header.dataStart + range.upperBound])
                try KeptBits.pack(bytes, dtype: info.dtype, count: info.count, rule: rule, into: words, tensor: info.name)
                file.release(start..<header.dataStart + range.upperBound)
            case .loaded(_, let loaded):
                try loaded[entry].data.withUnsafeBytes { raw in
                    try KeptBits.pack(raw, dtype: info.dtype, count: info.count, rule: rule, into: words, tensor: info.name)
                }
            }
        } catch let error as TensorFileError {
            throw error.located(at: files[fileIndex].path)
        }
    }

    /// A safetensors file mapped and its header checked, or a NumPy file read whole.
    private static func openFile(_ path: String) throws -> Storage {
        let file = try MappedFile(path: path)
        let fileName = (path as NSString).lastPathComponent
        let dot = fileName.lastIndex(of: ".")
        let fileExtension = dot.map { fileName[fileName.index(after: $0)...].lowercased() } ?? ""
        do {
            let format = try TensorFileReader.detectFormat(prefix: Array(file.bytes.prefix(16)), fileExtension: fileExtension)
            guard format == .safetensors else { return .loaded(path: path, tensors: try TensorFileReader.read(path: path).tensors) }
            // The header length is checked against the file size by parseHeader; clamp it for the slice.
            let claimed = file.bytes.count >= 8 ? UInt64(littleEndian: file.bytes.loadUnaligned(as: UInt64.self)) : 0
            let prefixLength = Int(min(UInt64(file.bytes.count), claimed &+ 8 < 8 ? UInt64(file.bytes.count) : claimed + 8))
            let header = try Safetensors.parseHeader(UnsafeRawBufferPointer(rebasing: file.bytes[0..<prefixLength]), fileSize: file.bytes.count)
            return .mapped(path: path, file: file, header: header)
        } catch let error as TensorFileError {
            throw error.located(at: path)
        }
    }

    private static func describe(_ storage: Storage) -> ([TensorInfo], [String: String], TensorFileFormat) {
        switch storage {
        case .mapped(_, _, let header): return (header.entries.map(\.info), header.metadata, .safetensors)
        case .loaded(let path, let tensors):
            let format: TensorFileFormat = tensors.count == 1 && path.lowercased().hasSuffix(".npy") ? .npy : .npz
            return (tensors.map { TensorInfo(name: $0.name, dtype: $0.dtype, shape: $0.shape) }, [:], format)
        }
    }

    /// Reads a Hugging Face index and opens the shards it names, checking that index and shards agree.
    private static func openSharded(index: String, given: String) throws -> TensorCheckpoint {
        func failure(_ reason: String) -> TensorFileError { TensorFileError(path: index, reason: reason) }
        guard let data = FileManager.default.contents(atPath: index) else { throw failure("the index cannot be read") }
        let json: JSONValue
        do { json = try StrictJSON.parse([UInt8](data)) } catch { throw failure("the index is not valid JSON") }
        guard case .object(let members) = json,
              case .object(let weightMap)? = members.first(where: { $0.key == "weight_map" })?.value else {
            throw failure("the index has no 'weight_map' object")
        }
        var shardNames: [String] = [], listed: [String: String] = [:]
        for (tensor, value) in weightMap {
            guard case .string(let shard) = value, !shard.isEmpty, !shard.hasPrefix("/") else {
                throw failure("weight_map entry '\(tensor)' is not a shard file name")
            }
            listed[tensor] = shard
            if !shardNames.contains(shard) { shardNames.append(shard) }
        }
        guard !shardNames.isEmpty else { throw failure("the index's weight_map is empty") }
        let directory = (index as NSString).deletingLastPathComponent
        let shardPaths = shardNames.map { (directory as NSString).appendingPathComponent($0) }
        if let missing = shardNames.indices.first(where: { !FileManager.default.fileExists(atPath: shardPaths[$0]) }) {
            throw failure("the index names shard '\(shardNames[missing])', which does not exist")
        }
        var files: [Storage] = [], infos: [TensorInfo] = [], locations: [(file: Int, entry: Int)] = []
        var metadata: [String: String] = [:]
        var seen: [String: String] = [:]
        for (s, shardPath) in shardPaths.enumerated() {
            let storage = try openFile(shardPath)
            guard case .mapped(_, _, let header) = storage else {
                throw TensorFileError(path: shardPath, reason: "a shard of a sharded checkpoint must be a safetensors file")
            }
            if s == 0 { metadata = header.metadata }
            for (e, entry) in header.entries.enumerated() {
                let name = entry.info.name
                guard let owner = listed[name] else {
                    throw TensorFileError(path: shardPath, tensor: name, reason: "is in this shard but not in the index \((index as NSString).lastPathComponent)")
                }
                guard owner == shardNames[s] else {
                    throw TensorFileError(path: shardPath, tensor: name, reason: "is in this shard but the index puts it in '\(owner)'")
                }
                if let other = seen.updateValue(shardNames[s], forKey: name) {
                    throw TensorFileError(path: shardPath, tensor: name, reason: "is also in shard '\(other)'")
                }
                infos.append(entry.info)
                locations.append((files.count, e))
            }
            files.append(storage)
        }
        if let (tensor, shard) = weightMap.lazy.compactMap({ m -> (String, String)? in
            guard seen[m.key] == nil, case .string(let shard) = m.value else { return nil }
            return (m.key, shard)
        }).first {
            throw failure("the index lists tensor '\(tensor)' in shard '\(shard)', which does not hold it")
        }
        return TensorCheckpoint(path: given, format: .safetensors, isSharded: true, metadata: metadata, tensors: infos,
                                files: files, locations: locations)
    }
}

/// A read-only memory map of a whole file.
final class MappedFile: @unchecked Sendable {
    /// The file's bytes (empty for an empty file).
    let bytes: UnsafeRawBufferPointer
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TensorFileError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw TensorFileError(path: path, reason: "is a directory, not a tensor file") }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw TensorFileError(path: path, reason: "the file cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw TensorFileError(path: path, reason: "the file cannot be read") }
        let size = Int(status.st_size)
        guard size > 0 else { throw TensorFileError(path: path, reason: "the file is empty") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw TensorFileError(path: path, reason: "the file cannot be mapped (\(String(cString: strerror(errno))))")
        }
        madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Drops the whole pages inside `range` from memory (they are re-read from the file if touched again).
    func release(_ range: Range<Int>) {
        let first = (range.lowerBound + pageSize - 1) / pageSize * pageSize
        let last = range.upperBound / pageSize * pageSize
        guard last > first, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
