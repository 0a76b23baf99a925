import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file whole or not at all: the bytes go to a hidden temporary file beside the target, are
/// flushed to disk, and the temporary file is renamed over the target. Readers see the old file or the
/// complete new one, never a half-written file; on any failure the temporary file is removed.
///
/// This is the project's one atomic-write helper (figures, tensor files, WAV files, reports, sweep files).
public enum AtomicFile {
    /// Writes `data` to `path`.
    ///
    /// - Throws: ``AtomicFileError`` naming the file and the system's reason ("No such file or directory",
    ///   "Permission denied", "Is a directory", …).
    public static func write(_ data: Data, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, reason: systemReason()) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard written, fsync(descriptor) == 0 else {
            let reason = systemReason()
            close(descriptor)
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
        guard close(descriptor) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
    }

    /// The system's text for the current `errno`.
    private static func systemReason() -> String { String(cString: strerror(errno)) }
}

/// Why ``AtomicFile/write(_:to:)`` failed; the description is one line.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file that was to be written.
    public let path: String
    /// The system's reason, such as "Permission denied".
    public let reason: String

    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// POSIX `write(2)`, named apart from ``AtomicFile/write(_:to:)``.
#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
