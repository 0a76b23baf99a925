/// Errors of the diagnostics; each description is one line.
public enum DiagnosticsError: Error, CustomStringConvertible, Equatable {
    case tooFewSubnetworks(run: String, count: Int, needed: Int, what: String)
    case noSteps(run: String)
    case badRule(String)
    case synsetUnavailable(subnetwork: String, reason: String)
    case missingScope(run: String, scope: String)
    case noQualityMetric(run: String, what: String)

    /// The error as one line.
    public var description: String {
        switch self {
        case .tooFewSubnetworks(let r, let c, let n, let what):
            return "run '\(r)' has \(c) subnetwork\(c == 1 ? "" : "s"); \(what) needs at least \(n)"
        case .noSteps(let r): return "run '\(r)' has no steps yet"
        case .badRule(let m): return m
        case .synsetUnavailable(let s, let reason): return "subnetwork '\(s)': \(reason)"
        case .missingScope(let r, let s): return "run '\(r)' has no layers in depth group '\(s)'; use a scope it has (global, or see `ticketscope inspect --run \(r)`)"
        case .noQualityMetric(let r, let what):
            return "run '\(r)' records no quality metric (balanced_accuracy, psnr or si_snri per subnetwork); \(what) needs one (add it with `ticketscope import-metrics`)"
        }
    }
}
