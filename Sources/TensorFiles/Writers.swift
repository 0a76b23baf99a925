import Foundation
import ZIPFoundation

/// Writes tensors as a NumPy `.npz` archive that `numpy.load` reads back.
public enum NPZWriter {
    /// Writes each tensor as the C-order, little-endian entry "<name>.npy", in the given order, atomically
    /// (a temporary file in the same directory, then a rename).
    /// - Parameter compressed: deflate the entries, as `np.savez_compressed` does; otherwise store them, as `np.savez`.
    /// - Throws: `TensorFileError` naming `path` for duplicate tensor names or a failed write.
    public static func write(_ tensors: [NamedTensor], to path: String, compressed: Bool = false) throws {
        do {
            try requireUniqueNames(tensors)
            let archive = try Archive(data: Data(), accessMode: .create)
            for tensor in tensors {
                let entry = Data(NPY.encode(tensor))
                try archive.addEntry(
                    with: tensor.name + ".npy", type: .file, uncompressedSize: Int64(entry.count),
                    compressionMethod: compressed ? .deflate : .none,
                    provider: { position, size in entry.subdata(in: Int(position)..<Int(position) + size) })
            }
            guard let data = archive.data else { throw TensorFileError(path: path, reason: "the zip archive was not built") }
            try FileIO.writeAtomically(data, to: path)
        } catch let error as TensorFileError {
            throw error.located(at: path)
        } catch {
            throw TensorFileError(path: path, reason: "cannot build the zip archive (\(error))")
        }
    }
}

/// Writes tensors as a safetensors file that the `safetensors` Python package reads back.
public enum SafetensorsWriter {
    /// Writes the tensors contiguously in the given order with `metadata` as "__metadata__", atomically
    /// (a temporary file in the same directory, then a rename).
    /// - Throws: `TensorFileError` naming `path` for duplicate names, the reserved name "__metadata__",
    ///   or a failed write.
    public static func write(_ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String) throws {
        do {
            try requireUniqueNames(tensors)
            try FileIO.writeAtomically(Data(Safetensors.encode(tensors, metadata: metadata)), to: path)
        } catch let error as TensorFileError {
            throw error.located(at: path)
        }
    }
}

private func requireUniqueNames(_ tensors: [NamedTensor]) throws {
    var names = Set<String>()
    for tensor in tensors where !names.insert(tensor.name).inserted {
        throw TensorFileError(path: nil, tensor: tensor.name, reason: "duplicate tensor name")
    }
}
