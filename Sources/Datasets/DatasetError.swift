/// Why a dataset could not be read. The description is one line naming the file or directory.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file or directory at fault.
    public let path: String
    /// What is wrong and, where it helps, what to do.
    public let reason: String

    /// An error about `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
