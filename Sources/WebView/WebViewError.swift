/// Errors of the web view; each description is one line.
public enum WebViewError: Error, CustomStringConvertible, Equatable {
    /// A page or run that does not exist (404).
    case notFound(String)
    /// A query parameter that cannot be used (400).
    case badRequest(String)

    public var description: String {
        switch self {
        case .notFound(let what): return what
        case .badRequest(let why): return why
        }
    }
}
