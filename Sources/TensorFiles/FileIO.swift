import AtomicFile
import Foundation

/// Whole-file reading and atomic writing, with errors that name the file.
enum FileIO {
    /// The bytes of the regular file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TensorFileError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw TensorFileError(path: path, reason: "is a directory, not a tensor file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TensorFileError(path: path, reason: "the file cannot be read")
        }
        return [UInt8](data)
    }

    /// Writes `data` to `path` whole or not at all (``AtomicFile``), with the error naming the file.
    static func writeAtomically(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: path) } catch let error as AtomicFileError {
            throw TensorFileError(path: path, reason: "cannot write the file (\(error.reason))")
        }
    }
}
