import Diagnostics
import RunStore

/// Continuing a run that its stop rule stopped (`train --resume --extend`): an `extend` event
/// records the rule the continuation judges (or none), and every later resume honours it.
extension PruningDriver {
    /// Where a stored run stands with respect to stop rules.
    enum StopState {
        /// Never stopped early, nor extended.
        case none
        /// Stopped by its rule (the firing's summary), not extended since.
        case stopped(String)
        /// Extended after a stop, judged by this rule from then on (nil: no rule).
        case extended(StopRule?)
    }

    /// The text before the rule in an `extend` event's detail.
    static let extendMarker = "continued past its stop rule; stop rule now: "
    /// How an `extend` event names "no rule".
    static let noRule = "none"

    static func stopState(store: RunStore, run: RunInfo) throws -> StopState {
        let events = try store.events(of: run).filter { $0.kind == EventKind.earlyStop.rawValue || $0.kind == EventKind.extend.rawValue }
        guard let last = events.last else { return .none }
        if last.kind == EventKind.earlyStop.rawValue { return .stopped(last.detail) }
        guard let range = last.detail.range(of: extendMarker) else { return .extended(nil) }
        let text = String(last.detail[range.upperBound...])
        return .extended(text == noRule ? nil : try StopRule(text))
    }

    /// Records that the stopped run `name` continues past its stop rule, judged from now on by
    /// `rule` (nil: none). Throws unless the run exists and its stop rule stopped it.
    public static func extend(store: RunStore, name: String, rule: String?) throws {
        let run = try store.run(named: name)
        guard case .stopped(let why) = try stopState(store: store, run: run) else {
            throw LotteryError.config("run '\(name)' was not stopped by a stop rule (status \(run.status)); --extend continues a stopped run, --resume alone continues any other")
        }
        if let rule { _ = try StopRule(rule) }
        try store.acquireLease(run: run)
        defer { store.releaseLease(run: run) }
        try store.addEvent(.extend, detail: "stopped by: \(why); \(extendMarker)\(rule ?? noRule)", step: nil, run: run)
    }
}
