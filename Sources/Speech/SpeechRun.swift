import Audio
import Diagnostics
import Foundation
import PruningCore
import MaskKit
import Models
import NN
import RunStore

/// One speech-enhancement experiment (paper section 4.4, appendix D) as a ``PruningExperiment``. All
/// methods start from the same θ0 (the seed's ``SpeechUNet``) and train with the wSDR loss (see
/// ``EnhancementChain``) and Adam:
///
/// - `speech-rtl`: one subnetwork per scene. Alg. 1: each subnetwork trains from θ0 on its scene's
///   mixtures only (no negatives, appendix D.3), then global magnitude pruning. Alg. 2: from θ0, one
///   batch of every scene in turn, each under its scene's mask; all weights (and the batch-norm affine
///   parameters) are shared and one Adam updates them, masked; each subnetwork keeps its own
///   batch-norm running statistics.
/// - `speech-imp-single`: one mask (subnetwork `all`) trained on every scene's mixtures, same epochs.
/// - `speech-imp-multi`: one model per scene, extracted as Alg. 1, retrained alone from θ0.
///
/// Metrics: `si_snri` (dB, mean over a scene's test pairs) per subnetwork and, at run level, per scene
/// (`si_snri.<scene>`) and their mean over scenes (`si_snri`); split `validation` after each pruning
/// iteration (the pruned, not yet rewound network, on the test pairs) and `test` after retraining at a
/// target; `wsdr` (split `train`, mean loss of the last epoch) per subnetwork; `params` at each target
/// (union of the masks for RTL, their sum for IMP multi, the mask for IMP single). Checkpoints: see
/// ``CheckpointKey`` (waveforms encoded by ``RawSamples``).
public final class SpeechRun: PruningExperiment {
    public let config: SpeechConfig
    public let data: SpeechData
    let store: RunStore
    let observer: TrainingObserver
    let model: SpeechUNet
    let chain: EnhancementChain
    let state: ModelState
    let theta0: [String: [Float]]

    /// Batches of training mixtures used to re-estimate batch-norm statistics before an evaluation.
    static let recalibrationBatches = 4

    /// Prepares the run on `data`, to be written to `store`; nothing is written until ``run(name:)``.
    public init(config: SpeechConfig, data: SpeechData, store: RunStore, observer: TrainingObserver = TrainingObserver()) throws {
        self.config = config; self.data = data; self.store = store; self.observer = observer
        guard case .speechEnhancer(let make) = ModelRegistry.defaultModel(for: .speechEnhancement).factory else {
            preconditionFailure("the default speech-enhancement model is a speech enhancer")
        }
        model = make(config.seed)
        chain = EnhancementChain(model: model, stft: try STFT())
        state = try ModelState(registry: model.registry)
        theta0 = model.registry.snapshot()
    }

    public var subnetworkNames: [String] { config.method == .impSingle ? ["all"] : data.scenes }
    public var layout: MaskLayout { state.layout }

    /// The run record for the store.
    public func description(name: String) -> NewRun {
        NewRun(name: name, method: config.method.rawValue, model: ModelRegistry.defaultModel(for: .speechEnhancement).name, dataset: "speech:\(data.scenes.joined(separator: ","))",
               partition: "scenes", configJSON: config.canonicalJSON, seed: Int64(bitPattern: config.seed))
    }

    /// Trains to the last target as run `name` (resuming a stored run of that name).
    public func run(name: String) throws -> PruningDriver.Outcome {
        let stopRule = try config.stopRule.map { try StopRule($0) }
        return try PruningDriver(store: store, description: description(name: name), identity: RunIdentity(config), schedule: config.schedule,
                                 stopRule: stopRule, observer: observer).run(self)
    }

    /// The work of one pruning iteration and one retraining, in mixtures seen.
    public var phaseCosts: PhaseCosts {
        let pools = subnetworkNames.indices.map { Double(pool($0).count) }
        let sequential = pools.reduce(0, +)
        let joint = Double(pools.count) * (pools.max() ?? 0)
        return PhaseCosts(extraction: Double(config.extractionEpochs) * sequential,
                          retraining: Double(config.retrainingEpochs) * (config.method == .rtl ? joint : sequential))
    }

    /// The training mixtures of subnetwork `k` (every scene's for IMP single).
    func pool(_ k: Int) -> [SpeechMixture] { config.method == .impSingle ? data.train.flatMap { $0 } : data.train[k] }

    /// The scenes subnetwork `k` is evaluated on.
    func scenes(of k: Int) -> [Int] { config.method == .impSingle ? Array(data.scenes.indices) : [k] }

    // MARK: Alg. 1

    public func extract(masks: [Mask], removal: Int, iteration: Int) throws -> (masks: [Mask], metrics: [MetricRow], trained: [MetricRow]) {
        var next: [Mask] = [], metrics: [MetricRow] = []
        var perScene = [Double](repeating: .nan, count: data.scenes.count)
        for (k, mask) in masks.enumerated() {
            try model.registry.load(theta0)
            try state.apply(mask)
            let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
            let loss = try fit(Slot(subnetwork: k, pool: pool(k)), epochs: config.extractionEpochs, adam: adam,
                               phase: "extract \(iteration + 1) · \(subnetworkNames[k])", seedPhase: .extraction, iteration: iteration)
            let pruned = MagnitudePruning.prune(mask, weights: state.prunableWeights(), count: removal)
            try state.apply(pruned)
            chain.recalibrateBatchNorm(recalibration(k))
            for s in scenes(of: k) {
                perScene[s] = try evaluate(scene: s).improvement
                if config.method != .impSingle { metrics.append((k, .validation, .siSNRi, perScene[s])) }
            }
            metrics.append((k, .train, .wsdr, loss))
            next.append(pruned)
        }
        return (next, metrics + sceneRows(perScene, split: .validation), [])
    }

    // MARK: retraining

    public func retrain(_ info: RunInfo, masks: [Mask], target: Double) throws -> [MetricRow] {
        var metrics: [MetricRow] = []
        var perScene = [Double](repeating: .nan, count: data.scenes.count)
        var enhanced: [[Float]] = Array(repeating: [], count: data.scenes.count)
        let phase = "retrain \(percentLabel(target))"
        let iteration = SeedPhase.key(target: target)
        switch config.method {
        case .rtl:
            try model.registry.load(theta0)
            let prepared = masks.map(state.prepare)
            let slots = masks.indices.map { Slot(subnetwork: $0, pool: data.train[$0]) }
            let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
            let (loss, privateStatistics) = try jointFit(slots: slots, masks: prepared, epochs: config.retrainingEpochs, adam: adam, phase: "joint " + phase, iteration: iteration)
            let statistics = model.registry.all.filter { $0.role == .statistic }
            let shared = Dictionary(uniqueKeysWithValues: model.registry.all.filter { $0.role != .statistic }.map { ($0.name, $0.value.values) })
            try store.putCheckpoint(.weights(sparsity: target, part: .shared), data: ModelCheckpoint.encode(shared), run: info)
            for k in masks.indices {
                state.restore(privateStatistics[k], into: statistics)
                try state.apply(prepared[k])
                chain.recalibrateBatchNorm(recalibration(k))
                let result = try evaluate(scene: k)
                (perScene[k], enhanced[k]) = (result.improvement, result.example)
                metrics += [(k, .test, .siSNRi, result.improvement), (k, .train, .wsdr, loss[k])]
                let own = Dictionary(uniqueKeysWithValues: statistics.map { ($0.name, $0.value.values) })
                try store.putCheckpoint(.weights(sparsity: target, part: .subnetwork(k)), data: ModelCheckpoint.encode(own), run: info)
            }
            metrics.append((nil, .test, .params, Double(try Mask.unionCount(masks))))
        case .impMulti, .impSingle:
            for (k, mask) in masks.enumerated() {
                try model.registry.load(theta0)
                try state.apply(mask)
                let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
                let loss = try fit(Slot(subnetwork: k, pool: pool(k)), epochs: config.retrainingEpochs, adam: adam,
                                   phase: config.method == .impSingle ? phase : "\(phase) · \(subnetworkNames[k])", seedPhase: .retraining, iteration: iteration)
                chain.recalibrateBatchNorm(recalibration(k))
                for s in scenes(of: k) {
                    let result = try evaluate(scene: s)
                    (perScene[s], enhanced[s]) = (result.improvement, result.example)
                    if config.method == .impMulti { metrics.append((k, .test, .siSNRi, result.improvement)) }
                }
                metrics.append((k, .train, .wsdr, loss))
                let part: CheckpointKey.WeightsPart = config.method == .impSingle ? .all : .subnetwork(k)
                try store.putCheckpoint(.weights(sparsity: target, part: part), data: ModelCheckpoint.encode(model.registry.snapshot()), run: info)
            }
            metrics.append((nil, .test, .params, Double(masks.map(\.popcount).reduce(0, +))))
        }
        try storeExamples(info, enhanced: enhanced, target: target)
        return metrics + sceneRows(perScene, split: .test)
    }

    /// Run-level `si_snri.<scene>` and their mean `si_snri`.
    func sceneRows(_ perScene: [Double], split: Split) -> [MetricRow] {
        data.scenes.indices.map { (nil, split, .sceneSISNRi(data.scenes[$0]), perScene[$0]) }
            + [(nil, split, .siSNRi, perScene.reduce(0, +) / Double(perScene.count))]
    }

    /// The noisy and clean example of each scene (once) and the enhanced ones at `target`.
    func storeExamples(_ info: RunInfo, enhanced: [[Float]], target: Double) throws {
        for (s, scene) in data.scenes.enumerated() {
            let example = data.test[s][0]
            if try store.checkpoint(.noisy(scene: scene), run: info) == nil {
                try store.putCheckpoint(.noisy(scene: scene), data: RawSamples.encode(example.noisy), run: info)
                try store.putCheckpoint(.clean(scene: scene), data: RawSamples.encode(example.clean), run: info)
            }
            try store.putCheckpoint(.enhanced(sparsity: target, scene: scene), data: RawSamples.encode(enhanced[s]), run: info)
        }
    }

    // MARK: training and evaluation

    /// A subnetwork's share of a training phase: its mixtures.
    struct Slot {
        let subnetwork: Int
        let pool: [SpeechMixture]
    }

    /// Trains one slot under the current mask for `epochs`; returns the mean loss of the last epoch.
    func fit(_ slot: Slot, epochs: Int, adam: Adam, phase: String, seedPhase: SeedPhase, iteration: Int) throws -> Double {
        let clock = PhaseClock()
        var last = 0.0
        for epoch in 0..<epochs {
            let batches = self.batches(slot.pool, seedPhase: seedPhase, iteration: iteration, subnetwork: slot.subnetwork, epoch: epoch)
            var sum = 0.0
            for (b, batch) in batches.enumerated() {
                sum += try step(batch, adam: adam, phase: phase, subnetwork: slot.subnetwork, iteration: iteration, batch: epoch * batches.count + b)
                observer.report(phase, done: (epoch * slot.pool.count) + batches[...b].reduce(0) { $0 + $1.count }, total: epochs * slot.pool.count,
                                clock: clock, finished: epoch == epochs - 1 && b == batches.count - 1, unit: "utt")
            }
            last = sum / Double(batches.count)
        }
        return last
    }

    /// Alg. 2 (``JointFit``) over the slots' mixtures, each under its mask with its own batch-norm
    /// running statistics; returns the last epoch's mean loss per slot and each slot's final statistics.
    func jointFit(slots: [Slot], masks: [ModelState.PreparedMask], epochs: Int, adam: Adam, phase: String, iteration: Int) throws -> (loss: [Double], statistics: [[[Float]]]) {
        let statistics = model.registry.all.filter { $0.role == .statistic }
        let clock = PhaseClock()
        let perEpoch = slots.map(\.pool.count).reduce(0, +)
        var batches: [[[SpeechMixture]]] = []
        var sums = [Double](repeating: 0, count: slots.count), done = 0
        let fit = JointFit(state: state, masks: masks, privateParameters: statistics)
        let privateState = try fit.run(epochs: epochs, batchCounts: { epoch in
            batches = slots.map { self.batches($0.pool, seedPhase: .jointRetraining, iteration: iteration, subnetwork: $0.subnetwork, epoch: epoch) }
            sums = [Double](repeating: 0, count: slots.count)
            done = 0
            return batches.map(\.count)
        }, step: { s, b, epoch, round in
            sums[s] += try step(batches[s][b], adam: adam, phase: phase, subnetwork: slots[s].subnetwork, iteration: iteration, batch: epoch * (batches.map(\.count).max() ?? 0) + round)
            done += batches[s][b].count
        }, roundDone: { epoch, round, rounds in
            observer.report(phase, done: epoch * perEpoch + min(done, perEpoch), total: epochs * perEpoch, clock: clock,
                            finished: epoch == epochs - 1 && round == rounds - 1, unit: "utt")
        })
        let rounds = Double(batches.map(\.count).max() ?? 1)
        return (sums.map { $0 / rounds }, privateState)
    }

    /// One masked Adam step on a batch (see ``MaskedStep``); returns its loss.
    func step(_ batch: [SpeechMixture], adam: Adam, phase: String, subnetwork k: Int, iteration: Int, batch index: Int) throws -> Double {
        try MaskedStep(registry: model.registry, observer: observer)(optimizers: [adam], examples: batch.count,
                                                                     at: StepPlace(phase: phase, subnetwork: subnetworkNames[k], iteration: iteration, batch: index)) {
            try chain.lossAndGradient(batch)
        }
    }

    /// One epoch of `pool` in a seeded order, cut into batches (the last may be smaller).
    func batches(_ pool: [SpeechMixture], seedPhase: SeedPhase, iteration: Int, subnetwork k: Int, epoch: Int) -> [[SpeechMixture]] {
        var generator = SeededGenerator(seed: PruningDriver.seed(config.seed, phase: seedPhase, iteration: iteration, subnetwork: k &* 4096 &+ epoch))
        var order = Array(pool.indices)
        order.shuffle(using: &generator)
        return stride(from: 0, to: order.count, by: config.batchSize).map { from in
            order[from..<min(from + config.batchSize, order.count)].map { pool[$0] }
        }
    }

    /// The fixed batches (the pool's first ones, in order) that re-estimate subnetwork `k`'s batch-norm
    /// statistics; for IMP single they alternate between scenes.
    func recalibration(_ k: Int) -> [[SpeechMixture]] {
        let mixtures: [SpeechMixture]
        if config.method == .impSingle {
            let longest = data.train.map(\.count).max() ?? 0
            mixtures = (0..<longest).flatMap { j in data.train.compactMap { j < $0.count ? $0[j] : nil } }
        } else {
            mixtures = data.train[k]
        }
        let count = min(mixtures.count, Self.recalibrationBatches * config.batchSize)
        return stride(from: 0, to: count, by: config.batchSize).map { Array(mixtures[$0..<min($0 + config.batchSize, count)]) }
    }

    /// Mean SI-SNRi over scene `s`'s test pairs under the current weights and mask, and the enhanced
    /// waveform of its first pair.
    func evaluate(scene s: Int) throws -> (improvement: Double, example: [Float]) {
        var sum = 0.0, example: [Float] = []
        for (i, mixture) in data.test[s].enumerated() {
            let enhanced = try chain.enhance(mixture)
            sum += try SISNR.improvement(estimate: enhanced, noisy: mixture.noisy, clean: mixture.clean)
            if i == 0 { example = enhanced }
        }
        return (sum / Double(data.test[s].count), example)
    }
}
