import Foundation

/// Where a whole run stands: the fraction of its work done and the time it still needs.
public struct RunEstimate: Sendable, Equatable {
    /// Fraction of the run's work done, 0…1 (including steps stored before a resume).
    public let fraction: Double
    /// Seconds still needed at the pace of this process so far; nil until some work was timed.
    public let remainingSeconds: Double?

    /// An estimate.
    public init(fraction: Double, remainingSeconds: Double?) {
        self.fraction = fraction; self.remainingSeconds = remainingSeconds
    }
}

/// The cost of a run's phases in one unit (examples processed), as an experiment declares it, so
/// the ETA of the whole run is known from the first batch on.
public struct PhaseCosts: Sendable, Equatable {
    /// Work of one pruning iteration (Alg. 1 over every subnetwork).
    public let extraction: Double
    /// Work of retraining at one target sparsity.
    public let retraining: Double

    /// Costs in any one unit.
    public init(extraction: Double, retraining: Double) {
        self.extraction = extraction; self.retraining = retraining
    }
}

/// Tracks the run's position for ETAs: ``PruningDriver`` plans the run's phases and marks each as
/// it begins; progress reports of the phase in between give the fraction within it. Safe to read
/// from any thread.
public final class RunClock: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0.0
    private var before = 0.0       // work of the phases finished before the current one
    private var current = 0.0      // work of the current phase
    private var startedAt: Double? // `done` when this process began, for the pace
    private var start = Date()

    /// A clock with no run planned (estimates are nil until ``plan(total:done:)``).
    public init() {}

    /// Plans a run of `total` work of which `done` is already stored (a resume).
    public func plan(total: Double, done: Double) {
        lock.lock(); defer { lock.unlock() }
        self.total = total; before = done; current = 0; startedAt = done; start = Date()
    }

    /// Marks the start of a phase of `work`, all earlier work being done.
    public func begin(phase work: Double, after done: Double) {
        lock.lock(); defer { lock.unlock() }
        before = done; current = work
    }

    /// The estimate with the current phase `phaseFraction` done; nil when no run was planned.
    public func estimate(phaseFraction: Double) -> RunEstimate? {
        lock.lock(); defer { lock.unlock() }
        guard total > 0, let startedAt else { return nil }
        let done = min(total, before + current * phaseFraction)
        let elapsed = Date().timeIntervalSince(start)
        let progressed = done - startedAt
        let remaining = progressed > 0 && elapsed > 0 ? elapsed / progressed * (total - done) : nil
        return RunEstimate(fraction: done / total, remainingSeconds: remaining)
    }
}
