/// A malformed option value found after parsing: printed as one `Error:` line, without the usage
/// text ArgumentParser adds to a `ValidationError`.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
