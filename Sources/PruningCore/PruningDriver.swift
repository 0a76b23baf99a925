import Diagnostics
import Foundation
import MaskKit
import NN
import RunStore

/// One metric of a step: (subnetwork or nil for the run, split, name, value).
public typealias MetricRow = (subnetwork: Int?, split: Split, name: MetricName, value: Double)

/// What a prune-and-rewind experiment (CIFAR classification, INR, ...) supplies to ``PruningDriver``.
public protocol PruningExperiment: AnyObject {
    /// One name per subnetwork, in mask order.
    var subnetworkNames: [String] { get }
    /// The layout of the prunable weights.
    var layout: MaskLayout { get }
    /// One iteration of Alg. 1: train every subnetwork from θ0 under its mask, then remove `removal`
    /// weights from each. Returns the new masks, the metrics of the new step, and metrics of the
    /// networks trained under the incoming masks before pruning (`trained`), which describe the
    /// previous step and are stored with it (empty when the experiment measures only after pruning).
    func extract(masks: [Mask], removal: Int, iteration: Int) throws -> (masks: [Mask], metrics: [MetricRow], trained: [MetricRow])
    /// Retraining at a target sparsity (Alg. 2 for RTL); returns the step's metrics. May store
    /// checkpoints in `run`.
    func retrain(_ run: RunInfo, masks: [Mask], target: Double) throws -> [MetricRow]
    /// The work of one pruning iteration and of one retraining, for the run's ETA.
    var phaseCosts: PhaseCosts { get }
}

/// Runs the prune → (retrain at targets) loop of any ``PruningExperiment`` against the store: one
/// transaction per step, resume from the last complete step, stop rule judged after every iteration.
public struct PruningDriver {
    /// How a run ended.
    public enum Outcome: Equatable, Sendable {
        case complete
        case stopped(String)
    }

    /// The store the run is written to.
    public let store: RunStore
    /// The run to create (or to resume when one of this name with the same config exists).
    public let description: NewRun
    /// The identity of the run's configuration: stored as `config_hash` and compared on resume.
    public let identity: RunIdentity
    /// How many weights each iteration removes, and the targets.
    public let schedule: PruningSchedule
    /// The rule judged after every iteration, or nil.
    public let stopRule: StopRule?
    /// Progress, messages, cancellation and the work tally.
    public let observer: TrainingObserver

    /// A driver for one run; nothing is written until ``run(_:)``.
    public init(store: RunStore, description: NewRun, identity: RunIdentity, schedule: PruningSchedule, stopRule: StopRule?, observer: TrainingObserver) {
        self.store = store; self.description = description; self.identity = identity; self.schedule = schedule; self.stopRule = stopRule
        self.observer = observer
    }

    /// Seed of one phase × iteration × subnetwork from a run's seed, independent of what ran before
    /// (so a resumed run draws the same numbers). Retraining phases use ``SeedPhase/key(target:)`` as
    /// the iteration.
    public static func seed(_ base: UInt64, phase: SeedPhase, iteration: Int, subnetwork k: Int) -> UInt64 {
        var g = SplitMix64(seed: base ^ (phase.rawValue &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(iteration) << 20) ^ UInt64(bitPattern: Int64(k)))
        return g.next()
    }

    /// Refuses to train into a stored run of the same name that has another configuration (by
    /// ``RunIdentity``: keys added since with their defaults do not count), that another process is
    /// writing, or whose last step is damaged — before any work starts.
    public static func checkCompatible(store: RunStore, name: String, identity: RunIdentity) throws {
        guard let existing = try? store.run(named: name) else { return }
        if !identity.matches(existing) {
            let keys = identity.differingKeys(from: existing)
            let which = keys.isEmpty ? "a different configuration" : "a different configuration (\(keys.joined(separator: ", ")))"
            throw LotteryError.runConflict("run '\(name)' already exists with \(which); choose another --name, or pass --resume to continue it with its stored configuration")
        }
        if let holder = try store.liveLeaseHolder(of: existing) { throw StoreError.leaseHeld(run: name, holder: holder) }
        if let last = try store.steps(of: existing).last { _ = try store.masks(of: existing, step: last.index) }
    }

    /// Creates the run (or finds it to resume) and trains to the last target sparsity, holding the
    /// run's write lease throughout. Interrupted (``TrainingObserver/cancellation``), it abandons the
    /// step in progress, marks the run `interrupted` and throws ``LotteryError/interrupted(_:)``.
    public func run(_ experiment: PruningExperiment) throws -> Outcome {
        guard let info = try openRun(experiment) else { return .complete }
        defer { store.releaseLease(run: info) }
        do {
            let outcome = try train(experiment, info)
            try store.setStatus(outcome == .complete ? .complete : .stopped, run: info)
            return outcome
        } catch LotteryError.interrupted(let why) {
            try store.addEvent(.interrupted, detail: "\(why); the step in progress was abandoned", step: nil, run: info)
            try store.setStatus(.interrupted, run: info)
            throw LotteryError.interrupted(why)
        } catch let error as StoreError {
            if case .leaseLost = error { throw error }   // another process writes the run now: leave it alone
            try? store.addEvent(.error, detail: "\(error)", step: nil, run: info)
            try? store.setStatus(.failed, run: info)
            throw error
        } catch {
            try? store.addEvent(.error, detail: "\(error)", step: nil, run: info)
            try? store.setStatus(.failed, run: info)
            throw error
        }
    }

    /// The run to train, with its lease taken: created, or found and verified for resuming; nil
    /// when a stored run is already complete (nothing is appended to it).
    func openRun(_ experiment: PruningExperiment) throws -> RunInfo? {
        let name = description.name
        try Self.checkCompatible(store: store, name: name, identity: identity)
        if let existing = try? store.run(named: name) {
            let steps = try store.steps(of: existing)   // checkCompatible read the last one back whole
            if existing.status == RunStatus.complete.rawValue {
                observer.log("run '\(name)' is already complete (\(steps.count) steps); nothing to do")
                return nil
            }
            try store.acquireLease(run: existing)
            observer.log("resuming run '\(name)' after \(steps.count) stored steps")
            try store.addEvent(.resume, detail: "resumed after \(steps.count) steps", step: nil, run: existing)
            try store.setStatus(.running, run: existing)
            return existing
        }
        let subs = experiment.subnetworkNames.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) }
        var new = description
        new.configHash = identity.hash
        return try store.createRun(new, layout: experiment.layout, subnetworks: subs)
    }

    func train(_ experiment: PruningExperiment, _ info: RunInfo) throws -> Outcome {
        let steps = try store.steps(of: info)
        let extracted = steps.filter { $0.phase == StepPhase.extract.rawValue }
        var retrained = Set(steps.filter { $0.phase == StepPhase.retrain.rawValue }.compactMap { $0.targetSparsity })
        var masks = try extracted.last.map { try store.masks(of: info, step: $0.index) }
            ?? Array(repeating: Mask.full(experiment.layout), count: experiment.subnetworkNames.count)
        var stopRule = self.stopRule
        switch try Self.stopState(store: store, run: info) {
        case .stopped(let why): return .stopped(why)
        case .extended(let rule): stopRule = rule
        case .none: break
        }
        let total = experiment.layout.parameterCount
        var iteration = extracted.count
        let costs = experiment.phaseCosts
        var workDone = Double(extracted.count) * costs.extraction + Double(retrained.count) * costs.retraining
        observer.runClock.plan(total: Double(schedule.iterationCount(total: total)) * costs.extraction
                                   + Double(schedule.targetSparsities.count) * costs.retraining, done: workDone)
        while true {
            let kept = masks[0].popcount
            if let target = schedule.reachedTarget(total: total, kept: kept), !retrained.contains(target) {
                observer.log("retraining at sparsity \(target)")
                try observer.checkCancelled()
                observer.runClock.begin(phase: costs.retraining, after: workDone)
                let meter = CostMeter(observer.work)
                let metrics = try experiment.retrain(info, masks: masks, target: target)
                try store.appendStep(StepWrite(phase: .retrain, targetSparsity: target, masks: masks, metrics: metrics), to: info)
                try store.addCost(meter.cost(.retrain), run: info)
                try store.checkpointLog()
                retrained.insert(target)
                workDone += costs.retraining
            }
            let removal = schedule.nextRemoval(total: total, kept: kept)
            if removal == 0 { return .complete }
            try observer.checkCancelled()
            observer.runClock.begin(phase: costs.extraction, after: workDone)
            let meter = CostMeter(observer.work)
            let (next, metrics, trained) = try experiment.extract(masks: masks, removal: removal, iteration: iteration)
            if let previous = try store.steps(of: info).last(where: { $0.stepPhase == .extract }), !trained.isEmpty {
                try store.putMetrics(trained.map { MetricValue(step: previous.index, subnetwork: $0.subnetwork, split: $0.split, metric: $0.name, value: $0.value) },
                                     run: info)
            }
            masks = next
            let step = try store.appendStep(StepWrite(phase: .extract, targetSparsity: schedule.reachedTarget(total: total, kept: masks[0].popcount),
                                                      masks: masks, metrics: metrics), to: info)
            try store.addCost(meter.cost(.extract), run: info)
            try store.checkpointLog()
            observer.log("iteration \(iteration + 1): sparsity \(String(format: "%.4f", step.sparsity))")
            iteration += 1
            workDone += costs.extraction
            if let rule = stopRule {
                let history = try SimilarityHistory(store: store, run: info, phases: [StepPhase.extract.rawValue])
                if let judgement = rule.judge(history.steps), judgement.firing != nil {
                    try store.addEvent(.earlyStop, detail: judgement.summary, step: step.index, run: info)
                    observer.log(judgement.summary)
                    return .stopped(judgement.summary)
                }
            }
        }
    }
}
