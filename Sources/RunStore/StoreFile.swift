import Foundation

/// Facts about the store file that SQLite does not tell apart by itself.
enum StoreFile {
    /// True when the file starts with SQLite's magic string, or is empty (SQLite's empty database);
    /// false for any other content. Unreadable files count as true so SQLite reports why.
    static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return head.isEmpty || head == Data("SQLite format 3\u{0}".utf8)
    }

    /// True when this process may write both the file and its directory (SQLite's WAL mode needs
    /// the directory for the -wal and -shm files).
    static func isWritableLocation(_ path: String) -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(dir.isEmpty ? "." : dir, W_OK) == 0
    }

    /// True when a write-ahead log next to the file holds frames not yet copied into it.
    static func hasPendingLog(_ path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        return size > 0
    }

    /// An SQLite URI that opens the file read-only without locks or a -shm file.
    static func immutableURI(_ path: String) -> String { uri(path, query: "immutable=1") }

    /// An SQLite URI that opens the file read-only (e.g. to `ATTACH` it), so it is never changed.
    static func readOnlyURI(_ path: String) -> String { uri(path, query: "mode=ro") }

    private static func uri(_ path: String, query: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?" + query
    }
}
