/// Errors of mask import; each description is one line naming the file and tensor at fault.
public struct ImportError: Error, CustomStringConvertible, Equatable {
    /// The file at fault, if any.
    public let file: String?
    /// What is wrong.
    public let reason: String

    public init(file: String?, _ reason: String) {
        self.file = file; self.reason = reason
    }

    public var description: String { file.map { "\($0): \(reason)" } ?? reason }
}
