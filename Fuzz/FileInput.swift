import Foundation

/// Readers that take a path get each fuzz input through one scratch file per process.
enum FuzzFile {
    static let path = FileManager.default.temporaryDirectory.appendingPathComponent("ticketscope-fuzz-\(getpid())").path

    static func write(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
        return path
    }
}
