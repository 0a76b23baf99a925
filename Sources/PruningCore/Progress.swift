import Dispatch
import Foundation

/// Progress of a long phase, for the CLI to draw (libraries never print).
public struct TrainingProgress: Sendable {
    /// e.g. "extract 3/23 cat", "retrain 50%".
    public let phase: String
    /// Items (images, pixels) processed in this phase so far, and in all.
    public let done: Int
    /// Items of the whole phase.
    public let total: Int
    /// Seconds since the phase began.
    public let seconds: Double
    /// True on the last report of a phase.
    public let finished: Bool
    /// What `done` counts, for display ("img", "px").
    public let unit: String
    /// Where the whole run stands, when a ``PruningDriver`` runs the phase.
    public let run: RunEstimate?

    /// A progress report of `phase`.
    public init(phase: String, done: Int, total: Int, seconds: Double, finished: Bool, unit: String = "img", run: RunEstimate? = nil) {
        self.phase = phase; self.done = done; self.total = total; self.seconds = seconds; self.finished = finished; self.unit = unit
        self.run = run
    }
}

/// Measures the time since a phase began.
public struct PhaseClock: Sendable {
    let start = DispatchTime.now().uptimeNanoseconds

    /// A clock started now.
    public init() {}

    /// Seconds since the clock was made.
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// Receives progress reports and one-line log messages, and tells training when to stop.
public struct TrainingObserver: Sendable {
    /// Receives every progress report.
    public var progress: @Sendable (TrainingProgress) -> Void
    /// Receives one-line messages (resumes, retraining, stops).
    public var log: @Sendable (String) -> Void
    /// Set (e.g. from a signal handler) to make training stop at the next batch boundary.
    public var cancellation: Cancellation
    /// Every optimiser update of the experiment is counted here (the run's stored cost).
    public var work: WorkTally
    /// Where the run stands as a whole; ``PruningDriver`` keeps it, ``report(_:done:total:clock:finished:unit:)`` reads it.
    public var runClock: RunClock

    /// An observer; by default it ignores reports and messages and is never cancelled.
    public init(progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }, log: @escaping @Sendable (String) -> Void = { _ in },
                cancellation: Cancellation = Cancellation(), work: WorkTally = WorkTally(), runClock: RunClock = RunClock()) {
        self.progress = progress; self.log = log; self.cancellation = cancellation; self.work = work; self.runClock = runClock
    }

    /// Reports `done` of `total` items of `phase`, begun at `clock`, with the run's estimate attached.
    public func report(_ phase: String, done: Int, total: Int, clock: PhaseClock, finished: Bool, unit: String = "img") {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        progress(TrainingProgress(phase: phase, done: done, total: total, seconds: clock.seconds, finished: finished, unit: unit,
                                  run: runClock.estimate(phaseFraction: fraction)))
    }

    /// Throws ``LotteryError/interrupted(_:)`` once cancellation was requested; training calls it
    /// between batches, so a step in progress is abandoned whole (nothing of it is stored).
    public func checkCancelled() throws {
        if let why = cancellation.reason { throw LotteryError.interrupted(why) }
    }
}

/// A request to stop, safe to set from any thread (a signal handler's queue) and cheap to poll.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var why: String?

    /// A request not yet made.
    public init() {}

    /// Asks training to stop; the first reason given is kept.
    public func cancel(_ reason: String) {
        lock.lock(); defer { lock.unlock() }
        if why == nil { why = reason }
    }

    /// Why stopping was requested, or nil.
    public var reason: String? {
        lock.lock(); defer { lock.unlock() }
        return why
    }
}
