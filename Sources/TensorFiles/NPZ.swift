import Foundation
import ZIPFoundation

/// Reading npz archives: a zip of .npy entries. Errors carry no path; the caller adds it.
enum NPZ {
    /// The .npy entries of an npz archive, named without their ".npy" suffix.
    static func decode(_ bytes: [UInt8]) throws -> [NamedTensor] {
        let entries = try ZipReader.entries(in: bytes)
        var names = Set<String>()
        for entry in entries {
            guard names.insert(entry.name).inserted else {
                throw TensorFileError(path: nil, reason: "duplicate zip entry '\(entry.name)'")
            }
            if entry.name == "data.pkl" || entry.name.hasSuffix("/data.pkl") { throw TensorFileError.pyTorchCheckpoint(zip: true) }
            guard entry.name.hasSuffix(".npy") else {
                throw TensorFileError(path: nil, reason: "zip entry '\(entry.name)' is not a .npy array")
            }
        }
        return try entries.map { try NPY.decode(ZipReader.contents(of: $0, in: bytes), name: String($0.name.dropLast(4))) }
    }
}

/// Writes tensors as a NumPy `.npz` archive that `numpy.load` reads back.
public enum NPZWriter {
    /// Writes each tensor as the C-order, little-endian entry "<name>.npy", in the given order, atomically
    /// (a temporary file in the same directory, then a rename).
    /// - Parameter compressed: deflate the entries, as `np.savez_compressed` does; otherwise store them, as `np.savez`.
    /// - Throws: `TensorFileError` naming `path` for duplicate tensor names or a failed write.
    public static func write(_ tensors: [NamedTensor], to path: String, compressed: Bool = false) throws {
        do {
            try tensors.requireUniqueNames()
            let archive = try Archive(data: Data(), accessMode: .create)
            for tensor in tensors {
                let entry = Data(try NPY.encode(tensor))
                try archive.addEntry(
                    with: tensor.name + ".npy", type: .file, uncompressedSize: Int64(entry.count),
                    compressionMethod: compressed ? .deflate : .none,
                    provider: { position, size in entry.subdata(in: Int(position)..<Int(position) + size) })
            }
            guard let data = archive.data else { throw TensorFileError(path: nil, reason: "the zip archive was not built") }
            try FileIO.writeAtomically(data, to: path)
        } catch let error as TensorFileError {
            throw error.located(at: path)
        } catch {
            throw TensorFileError(path: path, reason: "cannot build the zip archive (\(error))")
        }
    }
}
