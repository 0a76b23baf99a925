import Diagnostics
import Foundation
import MaskKit
import PruningCore
import RunStore
import Testing

/// A model-free experiment: three subnetworks over a 200-weight layout, "trained" by drawing
/// weights from a seed of (iteration, subnetwork), pruned by magnitude. It tests the driver alone.
final class FakeExperiment: PruningExperiment {
    let layout: MaskLayout
    let subnetworkNames = ["a", "b", "c"]
    let observer: TrainingObserver
    /// Cancel the run inside this extraction iteration (0-based), before it returns.
    var interruptAt: Int?
    private(set) var extractions = 0
    private(set) var retrainings: [Double] = []

    init(observer: TrainingObserver) throws {
        layout = try MaskLayout([.init(name: "w1", shape: [10, 10]), .init(name: "w2", shape: [100])])
        self.observer = observer
    }

    func weights(iteration: Int, subnetwork k: Int) -> [[Float]] {
        var g = SplitMix64(seed: PruningDriver.seed(7, phase: .extraction, iteration: iteration, subnetwork: k))
        return [(0..<100).map { _ in Float(g.next() % 1000) }, (0..<100).map { _ in Float(g.next() % 1000) }]
    }

    func extract(masks: [Mask], removal: Int, iteration: Int) throws -> (masks: [Mask], metrics: [MetricRow], trained: [MetricRow]) {
        let clock = PhaseClock()
        if iteration == interruptAt {
            observer.cancellation.cancel("test")
            try observer.checkCancelled()
        }
        extractions += 1
        let next = masks.enumerated().map { MagnitudePruning.prune($0.element, weights: weights(iteration: iteration, subnetwork: $0.offset), count: removal) }
        observer.report("extract", done: 1, total: 1, clock: clock, finished: true)
        return (next, next.indices.map { ($0, .validation, .loss, Double(iteration)) }, [])
    }

    func retrain(_ run: RunInfo, masks: [Mask], target: Double) throws -> [MetricRow] {
        retrainings.append(target)
        return [(nil, .test, .params, Double(try Mask.unionCount(masks)))]
    }

    var phaseCosts: PhaseCosts { PhaseCosts(extraction: 1, retraining: 2) }
}

/// The fake experiment's configuration: only a seed.
struct FakeConfig: RunConfig, Codable {
    var name: String?
    var stopRule: String?
    var seed: UInt64 = 7
    enum CodingKeys: String, CodingKey { case name, seed, stopRule = "stop_rule" }
    static var keys: [String] { ["name", "seed", "stop_rule"] }
    func validate(source: String) throws {}
    var canonicalJSON: String { #"{"seed":\#(seed)}"# }
}

@Suite struct PruningDriverTests {
    static let schedule = PruningSchedule(weightsPerIteration: nil, fractionPerIteration: 0.3, targetSparsities: [0.5, 0.75])

    static func store() throws -> RunStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("driver-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try RunStore(path: dir + "/runs.sqlite", mode: .write)
    }

    static func driver(_ store: RunStore, observer: TrainingObserver, stopRule: StopRule? = nil) -> PruningDriver {
        PruningDriver(store: store, description: NewRun(name: "fake", method: "rtl", model: "none", dataset: "none", partition: "class",
                                                        configJSON: FakeConfig().canonicalJSON, seed: 7),
                      identity: RunIdentity(FakeConfig()), schedule: schedule, stopRule: stopRule, observer: observer)
    }

    /// Every step's masks of the run, in step order.
    static func allMasks(_ store: RunStore) throws -> [[Mask]] {
        let run = try store.run(named: "fake")
        return try store.steps(of: run).map { try store.masks(of: run, step: $0.index) }
    }

    @Test func runsEveryIterationAndEveryTargetOnceWithAnETAThatEndsAtTheWholeRun() throws {
        let store = try Self.store()
        let estimates = Estimates()
        let observer = TrainingObserver(progress: { if let run = $0.run { estimates.append(run) } })
        let experiment = try FakeExperiment(observer: observer)
        #expect(try Self.driver(store, observer: observer).run(experiment) == .complete)
        let iterations = Self.schedule.iterationCount(total: 200)
        #expect(experiment.extractions == iterations)
        #expect(experiment.retrainings == [0.5, 0.75])
        let run = try store.run(named: "fake")
        let steps = try store.steps(of: run)
        #expect(steps.filter { $0.phase == "extract" }.count == iterations)
        #expect(steps.filter { $0.phase == "retrain" }.compactMap(\.targetSparsity) == [0.5, 0.75])
        #expect(run.status == "complete")
        // The ETA covers the whole run: the fraction only grows, and the last extraction ends after
        // every iteration and the retraining at 50 % (cost 2), of iterations + 2 × 2 in all (the
        // last retraining reports nothing).
        let fractions = estimates.all.map(\.fraction)
        #expect(fractions == fractions.sorted())
        #expect(abs((fractions.last ?? 0) - Double(iterations + 2) / Double(iterations + 4)) < 1e-9)
        // A second run finds it complete and adds nothing.
        #expect(try Self.driver(store, observer: observer).run(try FakeExperiment(observer: observer)) == .complete)
        #expect(try store.steps(of: run).count == steps.count)
    }

    @Test func anInterruptedRunKeepsOnlyWholeStepsAndResumesToTheSameMasks() throws {
        let reference = try Self.store()
        _ = try Self.driver(reference, observer: TrainingObserver()).run(try FakeExperiment(observer: TrainingObserver()))

        let store = try Self.store()
        let first = TrainingObserver()
        let interrupted = try FakeExperiment(observer: first)
        interrupted.interruptAt = 3
        #expect(throws: LotteryError.interrupted("test")) { try Self.driver(store, observer: first).run(interrupted) }
        let run = try store.run(named: "fake")
        #expect(run.status == "interrupted")
        // Iterations 0, 1, 2 and the retraining at 50 % (after iteration 1) are stored whole; nothing of iteration 3.
        #expect(try store.steps(of: run).map(\.phase) == ["extract", "extract", "retrain", "extract"])

        let second = TrainingObserver()
        let resumed = try FakeExperiment(observer: second)
        #expect(try Self.driver(store, observer: second).run(resumed) == .complete)
        #expect(resumed.extractions == Self.schedule.iterationCount(total: 200) - 3)
        #expect(try Self.allMasks(store) == Self.allMasks(reference))
        #expect(try store.events(of: run).map(\.kind).contains("resume"))
    }

    @Test func aStopRuleEndsTheRunAfterTheIterationItFiresOn() throws {
        let store = try Self.store()
        let observer = TrainingObserver()
        let experiment = try FakeExperiment(observer: observer)
        let outcome = try Self.driver(store, observer: observer, stopRule: try StopRule("mean-jaccard>0.01")).run(experiment)
        guard case .stopped = outcome else { Issue.record("expected a stop, got \(outcome)"); return }
        #expect(experiment.extractions == 1)
        let run = try store.run(named: "fake")
        #expect(run.status == "stopped")
        #expect(try store.events(of: run).map(\.kind).contains("early_stop"))
    }
}

/// Collects run estimates from the progress callback (which may be called from any thread).
final class Estimates: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [RunEstimate] = []
    func append(_ e: RunEstimate) { lock.lock(); values.append(e); lock.unlock() }
    var all: [RunEstimate] { lock.lock(); defer { lock.unlock() }; return values }
}
