import AtomicFile
import Foundation

/// The output directory of a report: created if missing and checked writable before any work, so a
/// report that cannot be written fails before it reads the store.
public struct ReportDirectory: Sendable {
    public let path: String

    /// Creates the directory when missing.
    /// - Throws: ``ReportError/unwritableDirectory(path:reason:)`` when it is a file, cannot be created or
    ///   is not writable.
    public init(_ path: String) throws {
        self.path = path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw ReportError.unwritableDirectory(path: path, reason: "it is a file") }
        } else {
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw ReportError.unwritableDirectory(path: path, reason: "cannot create it (\(Self.reason(error)))")
            }
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            throw ReportError.unwritableDirectory(path: path, reason: "it is not writable")
        }
    }

    /// Full path of a file in the directory.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes one file whole or not at all.
    func write(_ data: Data, to name: String) throws {
        do { try AtomicFile.write(data, to: file(name)) } catch let error as AtomicFileError {
            throw ReportError.unwritableDirectory(path: path, reason: "writing \(name) failed (\(error.reason))")
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
