/// Errors of report writing; each description is one line.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case unwritableDirectory(path: String, reason: String)
    case noRuns
    case figure(name: String, reason: String)

    public var description: String {
        switch self {
        case .unwritableDirectory(let p, let r): return "cannot write the report to '\(p)': \(r)"
        case .noRuns: return "give at least one run to compare"
        case .figure(let n, let r): return "cannot draw figure '\(n)': \(r)"
        }
    }
}
