import Foundation

/// Writes the members a `TarReader` reads below one directory: files 0644, directories 0755
/// (the archive's owners and modes are not applied). Paths arrive checked, and no links are ever
/// created, so every write stays inside the directory.
final class TarExtractor: TarEntryHandler {
    private let root: String
    private var file: FileHandle?
    private var filePath = ""
    /// Files written, as paths below the root, in archive order.
    private(set) var files: [String] = []

    /// Unpacks below `root`, which must exist.
    init(root: String) { self.root = root }

    func begin(_ entry: TarEntry) throws {
        let path = (root as NSString).appendingPathComponent(entry.path)
        switch entry.kind {
        case .directory:
            try makeDirectory(path)
        case .file:
            try makeDirectory((path as NSString).deletingLastPathComponent)
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw FetchError.io(path: path, message: "cannot create file")
            }
            file = handle
            filePath = path
            files.append(entry.path)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file else { return }
        do { try file.write(contentsOf: bytes) } catch {
            throw FetchError.io(path: filePath, message: "cannot write (\(error.localizedDescription))")
        }
    }

    func end() throws {
        guard let file else { return }
        self.file = nil
        do { try file.close() } catch { throw FetchError.io(path: filePath, message: "cannot close (\(error.localizedDescription))") }
    }

    private func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755]) } catch {
            throw FetchError.io(path: path, message: "cannot create directory (\(error.localizedDescription))")
        }
    }
}
