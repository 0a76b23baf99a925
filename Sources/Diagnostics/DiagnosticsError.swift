/// Errors of the diagnostics; each description is one line.
public enum DiagnosticsError: Error, CustomStringConvertible, Equatable {
    case tooFewSubnetworks(run: String, count: Int, needed: Int, what: String)
    case noSteps(run: String)
    case badRule(String)
    case synsetUnavailable(subnetwork: String, reason: String)

    public var description: String {
        switch self {
        case .tooFewSubnetworks(let r, let c, let n, let what):
            return "run '\(r)' has \(c) subnetwork\(c == 1 ? "" : "s"); \(what) needs at least \(n)"
        case .noSteps(let r): return "run '\(r)' has no steps yet"
        case .badRule(let m): return m
        case .synsetUnavailable(let s, let reason): return "subnetwork '\(s)': \(reason)"
        }
    }
}
