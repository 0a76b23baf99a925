/// Progress of a long phase, for the CLI to draw (libraries never print).
public struct TrainingProgress: Sendable {
    /// e.g. "extract 3/23 cat", "retrain 50%".
    public let phase: String
    /// Items (images, pixels) processed in this phase so far, and in all.
    public let done: Int
    public let total: Int
    /// Seconds since the phase began.
    public let seconds: Double
    /// True on the last report of a phase.
    public let finished: Bool
    /// What `done` counts, for display ("img", "px").
    public let unit: String

    public init(phase: String, done: Int, total: Int, seconds: Double, finished: Bool, unit: String = "img") {
        self.phase = phase; self.done = done; self.total = total; self.seconds = seconds; self.finished = finished; self.unit = unit
    }
}

/// Receives progress reports and one-line log messages.
public struct TrainingObserver: Sendable {
    public var progress: @Sendable (TrainingProgress) -> Void
    public var log: @Sendable (String) -> Void

    public init(progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.progress = progress; self.log = log
    }
}
