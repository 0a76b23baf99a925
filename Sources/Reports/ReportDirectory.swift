import Foundation

/// The output directory of a report: created if missing, checked writable before any work, and
/// written file by file atomically (temporary file + rename), so a failed report leaves no
/// half-written README.
struct ReportDirectory {
    let path: String

    init(_ path: String) throws {
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
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes text atomically.
    func write(_ text: String, to name: String) throws {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)), options: .atomic) } catch {
            throw ReportError.unwritableDirectory(path: path, reason: "writing \(name) failed (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
