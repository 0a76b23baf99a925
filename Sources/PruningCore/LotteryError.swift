/// Errors of training runs; each description is one line.
public enum LotteryError: Error, CustomStringConvertible, Equatable {
    case config(String)
    case runConflict(String)
    case unavailable(String)
    case nonFiniteLoss(phase: String, subnetwork: String, iteration: Int, batch: Int)
    /// Training stopped on request (a signal); the reason, e.g. "SIGINT".
    case interrupted(String)

    /// The error as one line.
    public var description: String {
        switch self {
        case .config(let m): return "config: \(m)"
        case .runConflict(let m): return m
        case .unavailable(let m): return m
        case .nonFiniteLoss(let p, let s, let i, let b):
            return "loss became NaN or infinite in \(p), subnetwork '\(s)', iteration \(i), batch \(b); lower the learning rate"
        case .interrupted(let why): return "interrupted by \(why)"
        }
    }
}
