/// The container formats TensorFiles reads.
public enum TensorFileFormat: String, Sendable {
    /// A zip archive of .npy entries (`np.savez` stored or `np.savez_compressed` deflated).
    case npz
    /// A single NumPy array.
    case npy
    /// A safetensors file.
    case safetensors
}

/// The tensors of one file.
public struct TensorFile: Sendable {
    /// The path the file was read from.
    public let path: String
    /// The format, detected from the file's leading bytes (the extension only breaks ties).
    public let format: TensorFileFormat
    /// The tensors in file order: zip entry order for npz, header key order as written for safetensors.
    public let tensors: [NamedTensor]
    /// The safetensors "__metadata__" map; empty for other formats.
    public let metadata: [String: String]
}

/// Reads .npy, .npz and safetensors files.
public enum TensorFileReader {
    /// Reads the file at `path`, detecting its format by its magic bytes, falling back on the extension.
    ///
    /// A lone .npy file holds one tensor, named after the file without its extension.
    /// - Throws: `TensorFileError` naming `path` (and the tensor, where one is at fault) for a missing, empty,
    ///   unrecognised, truncated or malformed file, duplicate names, or an unsupported dtype.
    public static func read(path: String) throws -> TensorFile {
        let bytes = try FileIO.read(path)
        do {
            let format = try detectFormat(of: bytes, path: path)
            switch format {
            case .npy:
                let name = String(path.split(separator: "/").last ?? "")
                let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
                return TensorFile(path: path, format: format, tensors: [try NPY.decode(bytes, name: stem)], metadata: [:])
            case .npz:
                return TensorFile(path: path, format: format, tensors: try readNPZ(bytes), metadata: [:])
            case .safetensors:
                let (tensors, metadata) = try Safetensors.decode(bytes)
                return TensorFile(path: path, format: format, tensors: tensors, metadata: metadata)
            }
        } catch let error as TensorFileError {
            throw error.located(at: path)
        }
    }

    private static func detectFormat(of bytes: [UInt8], path: String) throws -> TensorFileFormat {
        guard !bytes.isEmpty else { throw TensorFileError(path: path, reason: "the file is empty") }
        if bytes.hasBytes(NPY.magic) { return .npy }
        if bytes.hasBytes([0x50, 0x4B, 0x03, 0x04]) || bytes.hasBytes([0x50, 0x4B, 0x05, 0x06]) { return .npz }
        // A safetensors header length below 2^48 followed by the header's opening brace.
        if bytes.count > 8, bytes[6] == 0, bytes[7] == 0, bytes[8] == UInt8(ascii: "{") { return .safetensors }
        let suffix = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let format = TensorFileFormat(rawValue: suffix) else {
            throw TensorFileError(path: path, reason: "not a .npy, .npz or safetensors file (unrecognised leading bytes)")
        }
        return format
    }

    /// The .npy entries of an npz archive, named without their ".npy" suffix.
    private static func readNPZ(_ bytes: [UInt8]) throws -> [NamedTensor] {
        let entries = try ZipReader.entries(in: bytes)
        var names = Set<String>()
        for entry in entries {
            guard names.insert(entry.name).inserted else {
                throw TensorFileError(path: nil, reason: "duplicate zip entry '\(entry.name)'")
            }
            guard entry.name.hasSuffix(".npy") else {
                throw TensorFileError(path: nil, reason: "zip entry '\(entry.name)' is not a .npy array")
            }
        }
        return try entries.map { try NPY.decode(ZipReader.contents(of: $0, in: bytes), name: String($0.name.dropLast(4))) }
    }
}
