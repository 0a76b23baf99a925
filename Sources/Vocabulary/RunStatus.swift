/// The closed set of `run.status` values (a CHECK constraint in schema version 2).
public enum RunStatus: String, Sendable, CaseIterable {
    /// Being trained (or killed before it could record its end).
    case running
    /// Trained through its whole schedule.
    case complete
    /// Ended early by its stop rule (`--resume --extend` continues it).
    case stopped
    /// Training ended with an error.
    case failed
    /// Masks imported from files, not trained here.
    case imported
    /// Stopped by a signal (Ctrl-C, SIGTERM, SIGHUP); `train` resumes it.
    case interrupted
}
