import Datasets
import Diagnostics
import Foundation
import MaskKit
import Models
import NN
import PruningCore
import RunStore

/// The classification experiment (CIFAR-10/100, generated images): RTL (Alg. 1 adaptive ticket
/// extraction + Alg. 2 joint retraining) or an IMP baseline, as a ``PruningExperiment`` that
/// ``PruningDriver`` runs, writing every sparsity step to the store. Killed at any moment, the same
/// call resumes from the last complete step and ends with the same masks as an uninterrupted run.
public final class ClassificationRun: PruningExperiment {
    /// The run's configuration.
    public let config: TrainConfig
    /// The run's name in the store.
    public let name: String
    let store: RunStore
    let data: TrainingData
    let observer: TrainingObserver
    let model: any ImageClassifier
    let modelName: String
    let state: ModelState
    let training: SubnetworkTraining
    let theta0: [String: [Float]]
    let schedule: PruningSchedule
    let stopRule: StopRule?

    /// How a run ended.
    public typealias Outcome = PruningDriver.Outcome

    /// Prepares a run; nothing is written until ``run()``.
    public init(config: TrainConfig, name: String, store: RunStore, data: TrainingData, observer: TrainingObserver = TrainingObserver()) throws {
        self.config = config; self.name = name; self.store = store; self.data = data; self.observer = observer
        let classes = config.method == .impSingle ? data.train.classNames.count : 1
        model = try config.makeModel(classes: classes)
        modelName = try config.modelRegistration().name
        state = try ModelState(registry: model.registry)
        theta0 = model.registry.snapshot()
        schedule = PruningSchedule(weightsPerIteration: config.pruneWeights, fractionPerIteration: config.pruneFraction,
                                   targetSparsities: config.targetSparsities)
        stopRule = try config.stopRule.map { try StopRule($0) }
        training = SubnetworkTraining(model: model, registry: model.registry, data: data, batchSize: config.batchSize,
                                      augmentation: config.augment ? Augmentation() : nil, observer: observer)
        if stopRule != nil, config.method == .impSingle {
            throw LotteryError.config("stop_rule needs two or more subnetworks; imp-single has one mask")
        }
    }

    /// One subnetwork per subset of the partition (RTL, IMP multi), or `all` (IMP single).
    public var subnetworkNames: [String] { config.method == .impSingle ? ["all"] : data.partition.subsets }
    /// The layout of the model's prunable weights.
    public var layout: MaskLayout { state.layout }

    /// Creates the run (or finds it to resume) and trains to the last target sparsity.
    public func run() throws -> Outcome {
        let description = NewRun(name: name, method: config.method.rawValue, model: modelName, dataset: config.dataset.rawValue,
                                 partition: config.partition, configJSON: config.canonicalJSON, seed: Int64(bitPattern: config.seed))
        return try PruningDriver(store: store, description: description, identity: RunIdentity(config), schedule: schedule, stopRule: stopRule,
                                 observer: observer).run(self)
    }

    /// Refuses to train into a stored run of the same name that has another configuration.
    public static func checkCompatible(store: RunStore, name: String, config: TrainConfig) throws {
        try PruningDriver.checkCompatible(store: store, name: name, identity: RunIdentity(config))
    }

    /// Seed of one phase × iteration × subnetwork, independent of what ran before (resume-safe).
    func seed(_ phase: SeedPhase, _ iteration: Int, _ k: Int) -> UInt64 {
        PruningDriver.seed(config.seed, phase: phase, iteration: iteration, subnetwork: k)
    }

    func metricRows(_ m: BinaryMetrics, subnetwork: Int?, split: Split) -> [MetricRow] {
        [(subnetwork, split, .balancedAccuracy, m.balancedAccuracy), (subnetwork, split, .precision, m.precision), (subnetwork, split, .recall, m.recall)]
    }

    func macro(_ all: [BinaryMetrics], split: Split) -> [MetricRow] {
        let n = Double(all.count)
        return [(nil, split, .balancedAccuracy, all.map(\.balancedAccuracy).reduce(0, +) / n),
                (nil, split, .precision, all.map(\.precision).reduce(0, +) / n),
                (nil, split, .recall, all.map(\.recall).reduce(0, +) / n)]
    }

    /// Alg. 1, one iteration: every subnetwork from θ0, trained on its subset, pruned by magnitude.
    public func extract(masks: [Mask], removal: Int, iteration: Int) throws -> (masks: [Mask], metrics: [MetricRow], trained: [MetricRow]) {
        var next: [Mask] = []
        var metrics: [MetricRow] = []
        for (k, mask) in masks.enumerated() {
            try model.registry.load(theta0)
            try state.apply(mask)
            let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
            var generator = SeededGenerator(seed: seed(.extraction, iteration, k))
            let phase = "extract \(iteration + 1) · \(subnetworkNames[k])"
            if config.method == .impSingle {
                try training.trainMulticlass(epochs: 2 * config.extractionEpochs, optimizers: [adam], phase: phase, iteration: iteration, generator: &generator)
            } else {
                try training.trainBinary(subset: k, epochs: config.extractionEpochs, optimizers: [adam], phase: phase, iteration: iteration, generator: &generator)
            }
            let pruned = MagnitudePruning.prune(mask, weights: state.prunableWeights(), count: removal)
            try state.apply(pruned)
            if config.method == .impSingle {
                let perClass = training.evaluateMulticlass(indices: data.validationIndices, images: data.train)
                metrics += macro(perClass, split: .validation)
            } else {
                metrics += metricRows(training.evaluateBinary(subset: k, indices: data.validationIndices, images: data.train), subnetwork: k, split: .validation)
            }
            next.append(pruned)
        }
        return (next, metrics, [])
    }

    /// Retraining at a target sparsity and test metrics: Alg. 2 for RTL, independent rewound
    /// training for the IMP baselines.
    public func retrain(_ info: RunInfo, masks: [Mask], target: Double) throws -> [MetricRow] {
        var metrics: [MetricRow] = []
        let params: Int
        switch config.method {
        case .rtl:
            let perSubnetwork = try jointRetraining(info, masks: masks, target: target)
            for (k, m) in perSubnetwork.enumerated() { metrics += metricRows(m, subnetwork: k, split: .test) }
            metrics += macro(perSubnetwork, split: .test)
            params = try Mask.unionCount(masks)
        case .impMulti:
            var all: [BinaryMetrics] = []
            for (k, mask) in masks.enumerated() {
                try model.registry.load(theta0)
                try state.apply(mask)
                let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
                var generator = SeededGenerator(seed: seed(.retraining, SeedPhase.key(target: target), k))
                try training.trainBinary(subset: k, epochs: config.retrainingEpochs, optimizers: [adam], phase: "retrain \(percentLabel(target)) · \(subnetworkNames[k])",
                                         iteration: 0, generator: &generator)
                let m = training.evaluateBinary(subset: k, indices: data.testIndices, images: data.test)
                try store.putCheckpoint(.weights(sparsity: target, part: .subnetwork(k)), data: ModelCheckpoint.encode(model.registry.snapshot()), run: info)
                metrics += metricRows(m, subnetwork: k, split: .test)
                all.append(m)
            }
            metrics += macro(all, split: .test)
            params = masks.map(\.popcount).reduce(0, +)
        case .impSingle:
            try model.registry.load(theta0)
            try state.apply(masks[0])
            let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
            var generator = SeededGenerator(seed: seed(.retraining, SeedPhase.key(target: target), 0))
            try training.trainMulticlass(epochs: 2 * config.retrainingEpochs, optimizers: [adam], phase: "retrain \(percentLabel(target))", iteration: 0, generator: &generator)
            metrics += macro(training.evaluateMulticlass(indices: data.testIndices, images: data.test), split: .test)
            params = masks[0].popcount
        }
        metrics.append((nil, .test, .params, Double(params)))
        return metrics
    }

    /// The work of one pruning iteration and one retraining, in training images seen.
    public var phaseCosts: PhaseCosts {
        let subsets = data.partition.subsets.indices.map { data.split(data.trainIndices, images: data.train, subset: $0).positives.count }
        let n = Double(data.trainIndices.count)
        switch config.method {
        case .impSingle:
            return PhaseCosts(extraction: 2 * Double(config.extractionEpochs) * n, retraining: 2 * Double(config.retrainingEpochs) * n)
        case .impMulti:
            let binary = Double(subsets.reduce(0) { $0 + 2 * $1 })
            return PhaseCosts(extraction: Double(config.extractionEpochs) * binary, retraining: Double(config.retrainingEpochs) * binary)
        case .rtl:
            let binary = Double(subsets.reduce(0) { $0 + 2 * $1 })
            let joint = Double(subsets.count * 2 * (subsets.max() ?? 0))
            return PhaseCosts(extraction: Double(config.extractionEpochs) * binary, retraining: Double(config.retrainingEpochs) * joint)
        }
    }

    /// Alg. 2 (``JointFit``) from θ0 under the fixed masks on balanced batches of every subset. Each
    /// subnetwork keeps its own binary head (the model's ``PrunableModel/head``) with its own Adam, and
    /// its own batch-norm running statistics; everything else is shared, with one Adam.
    func jointRetraining(_ info: RunInfo, masks: [Mask], target: Double) throws -> [BinaryMetrics] {
        try model.registry.load(theta0)
        let registry = model.registry
        let head = model.head
        let privateParameters = head + registry.all.filter { $0.role == .statistic }
        let shared = registry.trainable.filter { p in !head.contains { $0 === p } }
        let sharedAdam = Adam(parameters: shared, learningRate: config.learningRate)
        let k = masks.count
        let headAdams = (0..<k).map { _ in Adam(parameters: head, learningRate: config.learningRate) }
        var generators = (0..<k).map { SeededGenerator(seed: seed(.jointRetraining, SeedPhase.key(target: target), $0)) }
        let splits = (0..<k).map { data.split(data.trainIndices, images: data.train, subset: $0) }
        let fit = JointFit(state: state, masks: masks.map(state.prepare), privateParameters: privateParameters)
        let phase = "joint retrain \(percentLabel(target))"
        let clock = PhaseClock()
        var batches: [[(indices: [Int], targets: [Float])]] = []
        let privateState = try fit.run(epochs: config.retrainingEpochs, batchCounts: { _ in
            batches = (0..<k).map { BalancedBatches(positives: splits[$0].positives, negatives: splits[$0].negatives,
                                                    batchSize: config.batchSize, generator: &generators[$0]).batches }
            return batches.map(\.count)
        }, step: { s, b, epoch, round in
            let batch = batches[s][b]
            let input = data.train.batch(batch.indices, normalization: data.normalization, augmentation: training.augmentation, generator: &generators[s])
            try training.step(input, optimizers: [sharedAdam, headAdams[s]],
                              at: StepPlace(phase: "retrain \(percentLabel(target))", subnetwork: subnetworkNames[s], iteration: epoch, batch: round)) {
                try BinaryCrossEntropyWithLogits.evaluate(logits: $0, targets: batch.targets)
            }
        }, roundDone: { epoch, round, rounds in
            observer.report(phase, done: (epoch * rounds + round + 1) * k * config.batchSize, total: config.retrainingEpochs * rounds * k * config.batchSize,
                            clock: clock, finished: epoch == config.retrainingEpochs - 1 && round == rounds - 1)
        })
        let sharedState = Dictionary(uniqueKeysWithValues: registry.all.filter { p in !privateParameters.contains { $0 === p } }.map { ($0.name, $0.value.values) })
        try store.putCheckpoint(.weights(sparsity: target, part: .shared), data: ModelCheckpoint.encode(sharedState), run: info)
        return try (0..<k).map { s in
            state.restore(privateState[s], into: privateParameters)
            try state.apply(masks[s])
            let metrics = training.evaluateBinary(subset: s, indices: data.testIndices, images: data.test)
            let own = Dictionary(uniqueKeysWithValues: privateParameters.map { ($0.name, $0.value.values) })
            try store.putCheckpoint(.weights(sparsity: target, part: .subnetwork(s)), data: ModelCheckpoint.encode(own), run: info)
            return metrics
        }
    }
}
