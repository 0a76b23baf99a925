import Foundation

/// A hidden working directory inside the data root (`.fetch-NAME-PID-RANDOM`), on the same file
/// system as the target so that installing is one `rename`. Removed when the fetch ends; one left
/// by a process that was killed outright is removed by the next fetch of the same dataset.
struct StagingDirectory {
    let path: String

    /// Creates a fresh staging directory for `dataset` in `root`, first removing stale ones.
    /// - Throws: `FetchError.io` if it cannot be created.
    static func create(in root: String, for dataset: String) throws -> StagingDirectory {
        removeStale(in: root, for: dataset)
        let name = "\(prefix(for: dataset))\(getpid())-\(UUID().uuidString.prefix(8))"
        let path = (root as NSString).appendingPathComponent(name)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) } catch {
            throw FetchError.io(path: path, message: "cannot create a working directory (\(error.localizedDescription))")
        }
        return StagingDirectory(path: path)
    }

    /// A path inside the staging directory.
    func appending(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Deletes the staging directory and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The name prefix of `dataset`'s staging directories.
    static func prefix(for dataset: String) -> String { ".fetch-\(dataset)-" }

    /// Removes staging directories of `dataset` whose process no longer runs.
    private static func removeStale(in root: String, for dataset: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names where name.hasPrefix(prefix(for: dataset)) {
            guard let pid = Int32(name.dropFirst(prefix(for: dataset).count).prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: (root as NSString).appendingPathComponent(name))
        }
    }
}
