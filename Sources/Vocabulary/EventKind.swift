/// The closed set of `event.kind` values (a CHECK constraint in schema version 2).
public enum EventKind: String, Sendable, CaseIterable {
    /// The run's stop rule fired at this step; training stopped.
    case earlyStop = "early_stop"
    /// A collapse onset was recorded.
    case collapseOnset = "collapse_onset"
    /// Training resumed an unfinished run.
    case resume
    /// An error, recorded with its message.
    case error
    /// Training was stopped by a signal; the step in progress was abandoned.
    case interrupted
    /// A run its stop rule stopped was continued (`--resume --extend`).
    case extend
    /// A writer took over an abandoned write lease.
    case leaseTakeover = "lease_takeover"
    /// Progress of an import (JSON detail: begin, each stored step, end; ``ImportJournal``).
    case `import`
    /// A step was deleted.
    case delete
    /// A step's masks were replaced (`import --replace`).
    case replace
}
