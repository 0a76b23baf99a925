import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file whole or not at all: into a temporary file beside it, then renamed over the target.
enum FileWriter {
    /// Writes `data` to `path`.
    ///
    /// - Throws: ``PlotError/cannotWrite(path:reason:)`` with the system's reason, such as "No such file or
    ///   directory" or "Permission denied".
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 { return false }
                offset += count
            }
            return true
        }
        let error = failure(path)
        guard written, close(descriptor) == 0 else {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(path)
            unlink(temporary)
            throw error
        }
    }

    /// The error for the current `errno`.
    private static func failure(_ path: String) -> PlotError {
        PlotError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
}

/// POSIX `write(2)`, named apart from ``FileWriter/write(_:to:)``.
#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
