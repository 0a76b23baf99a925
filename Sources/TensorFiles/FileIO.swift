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

    /// Writes `data` to a temporary file in the destination's directory, then renames it over `path`,
    /// so that readers see either the old file or the complete new one.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw TensorFileError(path: path, reason: "cannot write a temporary file beside it (\(error.localizedDescription))")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TensorFileError(path: path, reason: "cannot replace the file (\(reason))")
        }
    }
}
