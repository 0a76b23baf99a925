/// Why a dataset could not be fetched. Each description is one line; whatever failed, nothing
/// half-written is left under the data root.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    /// The server answered with a status other than 200.
    case httpStatus(url: String, status: Int)
    /// The connection failed or broke off (the message is the system's).
    case transport(url: String, message: String)
    /// The server announced a size other than the archive's.
    case announcedSize(url: String, announced: Int64, expected: Int64)
    /// The body ended before (or ran past) the archive's size.
    case wrongSize(url: String, received: Int64, expected: Int64)
    /// An archive file on disk has the wrong size.
    case fileSize(file: String, actual: Int64, expected: Int64)
    /// The archive's SHA-256 is not the pinned one.
    case checksum(file: String, actual: String, expected: String)
    /// A cancellation (Ctrl-C) stopped the fetch.
    case interrupted(reason: String)
    /// The gzip stream is damaged or ends early.
    case corruptGzip(file: String, reason: String)
    /// The tar stream is damaged, ends early or holds an entry that is refused.
    case corruptTar(file: String, reason: String)
    /// The unpacked archive lacks what the readers need.
    case layout(file: String, reason: String)
    /// The target directory exists but does not hold the dataset whole; `--force` replaces it.
    case incompleteTarget(directory: String, reason: String)
    /// A file or directory could not be read or written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case let .httpStatus(url, status): return "\(url): the server answered HTTP \(status); nothing was written"
        case let .transport(url, message): return "\(url): download failed (\(message)); nothing was written"
        case let .announcedSize(url, announced, expected):
            return "\(url): the server announces \(announced) bytes but the archive has \(expected); nothing was written"
        case let .wrongSize(url, received, expected):
            return received < expected
                ? "\(url): the download ended after \(received) of \(expected) bytes (truncated); nothing was written"
                : "\(url): the server sent more than the archive's \(expected) bytes; nothing was written"
        case let .fileSize(file, actual, expected):
            return "\(file): \(actual) bytes, but the archive has \(expected); nothing was unpacked"
        case let .checksum(file, actual, expected):
            return "\(file): SHA-256 is \(actual), expected \(expected); nothing was unpacked"
        case let .interrupted(reason): return "\(reason): fetch stopped; nothing was written"
        case let .corruptGzip(file, reason): return "\(file): corrupt gzip data (\(reason)); nothing was unpacked"
        case let .corruptTar(file, reason): return "\(file): bad tar archive (\(reason)); nothing was unpacked"
        case let .layout(file, reason): return "\(file): unpacked, but \(reason); nothing was installed"
        case let .incompleteTarget(directory, reason):
            return "\(directory) exists but \(reason); it was left as it is (pass --force to replace it)"
        case let .io(path, message): return "\(path): \(message); nothing was written"
        }
    }
}
