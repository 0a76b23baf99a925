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
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let dot = fileName.lastIndex(of: ".")
        let stem = dot.map { String(fileName[..<$0]) } ?? fileName
        let fileExtension = dot.map { fileName[fileName.index(after: $0)...].lowercased() } ?? ""
        do {
            let format = try detectFormat(prefix: Array(bytes.prefix(16)), fileExtension: fileExtension)
            switch format {
            case .npy:
                return TensorFile(path: path, format: format, tensors: [try NPY.decode(bytes, name: stem)], metadata: [:])
            case .npz:
                return TensorFile(path: path, format: format, tensors: try NPZ.decode(bytes), metadata: [:])
            case .safetensors:
                let (tensors, metadata) = try Safetensors.decode(bytes)
                return TensorFile(path: path, format: format, tensors: tensors, metadata: metadata)
            }
        } catch let error as TensorFileError {
            throw error.located(at: path)
        }
    }

    /// The format of a file that starts with `prefix` (its first 16 bytes, or all of a shorter file).
    /// - Throws: for an empty file, a PyTorch pickle (with how to convert it), or unrecognised bytes.
    static func detectFormat(prefix bytes: [UInt8], fileExtension: String) throws -> TensorFileFormat {
        guard !bytes.isEmpty else { throw TensorFileError(path: nil, reason: "the file is empty") }
        if bytes.hasBytes(NPY.magic) { return .npy }
        if bytes.hasBytes([0x50, 0x4B, 0x03, 0x04]) || bytes.hasBytes([0x50, 0x4B, 0x05, 0x06]) { return .npz }
        // A safetensors header length below 2^48 followed by the header's opening brace.
        if bytes.count > 8, bytes[6] == 0, bytes[7] == 0, bytes[8] == UInt8(ascii: "{") { return .safetensors }
        // Pickle protocol 2-5 (legacy torch.save, pickle.dump) starts with PROTO n.
        if bytes.count > 1, bytes[0] == 0x80, (2...5).contains(bytes[1]) { throw TensorFileError.pyTorchCheckpoint(zip: false) }
        if ["pt", "pth", "bin", "ckpt", "pkl", "pickle"].contains(fileExtension) { throw TensorFileError.pyTorchCheckpoint(zip: false) }
        guard let format = TensorFileFormat(rawValue: fileExtension) else {
            throw TensorFileError(path: nil, reason: "not a .npy, .npz or safetensors file (unrecognised leading bytes)")
        }
        return format
    }
}
