import Diagnostics
import Foundation
import Models
import PruningCore
import MaskKit
import NN
import RegionImages
import RunStore

/// One INR experiment on one image (paper section 4.3, appendix C), as a ``PruningExperiment``:
///
/// - `inr-rtl`: one subnetwork per region. Alg. 1: each subnetwork trains from θ0 on its region's
///   pixels (full batch), then global magnitude pruning. Alg. 2: from θ0, every step visits each
///   region in turn with that region's mask applied (all weights shared, updates masked), so each
///   pixel is routed to its region's subnetwork. The image is rendered region by region.
/// - `inr-imp`: one mask; the network sees each pixel's region through a learned class embedding
///   and trains on all pixels.
///
/// Metrics (split `validation`: the networks Alg. 1 trains under a step's masks, measured before they
/// are pruned further, so stored with that step one iteration later — the last pruning step has
/// none; split `test`: after retraining at a target): `psnr` of the whole image (run level), region
/// PSNR per subnetwork (RTL), `params` (kept weights, union over subnetworks for RTL).
/// At each target the reconstruction (`reconstruction@S`), the target image (`target`) and the
/// weights (`retrain@S/shared`) are stored as checkpoints.
public final class INRRun: PruningExperiment {
    public let config: INRConfig
    public let image: RegionImage
    let model: CoordinateMLP
    let state: ModelState
    let theta0: [String: [Float]]
    let observer: TrainingObserver
    /// Per region: pixel indices, encoded features, target colours, region ids.
    let regionPixels: [[Int]]
    let regionInputs: [Tensor]
    let regionTargets: [[Float]]
    /// All pixels, in pixel order.
    let allInputs: Tensor
    let allTargets: [Float]

    let store: RunStore

    /// Prepares the run on `image`, to be written to `store`; nothing is written until ``run(name:)``.
    public init(config: INRConfig, image: RegionImage, store: RunStore, observer: TrainingObserver = TrainingObserver()) throws {
        self.config = config; self.image = image; self.store = store; self.observer = observer
        let encoding = FourierFeatures(frequencies: config.fourierFeatures, scale: config.fourierScale, seed: config.seed &+ 0xF0)
        guard case .coordinateNetwork(let make) = ModelRegistry.defaultModel(for: .coordinateRegression).factory else {
            preconditionFailure("the default coordinate-regression model is a coordinate network")
        }
        model = make(encoding.dimension, config.hidden, config.embeddingDimension, config.method == .imp ? image.regionCount : nil, config.seed)
        state = try ModelState(registry: model.registry)
        theta0 = model.registry.snapshot()
        let values = image.targetValues
        regionPixels = image.pixelsOfRegion
        regionInputs = regionPixels.map { encoding.encode(pixels: $0, width: image.width, height: image.height) }
        regionTargets = regionPixels.map { pixels in pixels.flatMap { [values[3 * $0], values[3 * $0 + 1], values[3 * $0 + 2]] } }
        allInputs = encoding.encode(pixels: Array(0..<image.regions.count), width: image.width, height: image.height)
        allTargets = values
    }

    public var subnetworkNames: [String] {
        config.method == .imp ? ["all"] : (0..<image.regionCount).map { "region \($0)" }
    }
    public var layout: MaskLayout { state.layout }

    /// The run record for the store.
    public func description(name: String) -> NewRun {
        NewRun(name: name, method: config.method.rawValue, model: ModelRegistry.defaultModel(for: .coordinateRegression).name, dataset: "inr:\(image.name)",
               partition: "regions", configJSON: config.canonicalJSON, seed: Int64(bitPattern: config.seed))
    }

    /// Trains to the last target as run `name` (resuming a stored run of that name).
    public func run(name: String) throws -> PruningDriver.Outcome {
        let stopRule = try config.stopRule.map { try StopRule($0) }
        return try PruningDriver(store: store, description: description(name: name), identity: RunIdentity(config), schedule: config.schedule,
                                 stopRule: stopRule, observer: observer).run(self)
    }

    // MARK: Alg. 1

    /// Metrics of the networks trained under the incoming masks, before pruning (the quality of the
    /// tickets at the previous step's sparsity): whole-image PSNR and, for RTL, region PSNR.
    public func extract(masks: [Mask], removal: Int, iteration: Int) throws -> (masks: [Mask], metrics: [MetricRow], trained: [MetricRow]) {
        var next: [Mask] = [], trained: [MetricRow] = []
        var composite = [Float](repeating: 0, count: allTargets.count)
        for (k, mask) in masks.enumerated() {
            try model.registry.load(theta0)
            try state.apply(mask)
            let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
            let phase = "extract \(iteration + 1) · \(subnetworkNames[k])"
            try fit(steps: config.extractionSteps, subset: config.method == .imp ? nil : k, adam: adam, phase: phase, iteration: iteration)
            if config.method == .imp {
                composite = predictAll()
            } else {
                let predicted = predict(region: k)
                scatter(predicted, region: k, into: &composite)
                trained.append((k, .validation, .psnr, PSNR.of(predicted, regionTargets[k])))
            }
            next.append(MagnitudePruning.prune(mask, weights: state.prunableWeights(), count: removal))
        }
        trained.append((nil, .validation, .psnr, PSNR.of(composite, allTargets)))
        return (next, [], trained)
    }

    // MARK: retraining

    public func retrain(_ info: RunInfo, masks: [Mask], target: Double) throws -> [MetricRow] {
        try model.registry.load(theta0)
        let adam = Adam(parameters: model.registry.trainable, learningRate: config.learningRate)
        let phase = "retrain \(percentLabel(target))"
        var metrics: [MetricRow] = []
        var image = [Float](repeating: 0, count: allTargets.count)
        if config.method == .imp {
            try state.apply(masks[0])
            try fit(steps: config.retrainingSteps, subset: nil, adam: adam, phase: phase, iteration: 0)
            image = predictAll()
            metrics.append((nil, .test, .params, Double(masks[0].popcount)))
        } else {
            let prepared = masks.map(state.prepare)
            try jointFit(steps: config.retrainingSteps, masks: prepared, adam: adam, phase: phase)
            for k in masks.indices {
                try state.apply(prepared[k])
                let predicted = predict(region: k)
                scatter(predicted, region: k, into: &image)
                metrics.append((k, .test, .psnr, PSNR.of(predicted, regionTargets[k])))
            }
            metrics.append((nil, .test, .params, Double(try Mask.unionCount(masks))))
        }
        metrics.append((nil, .test, .psnr, PSNR.of(image, allTargets)))
        try store(info, reconstruction: image, target: target)
        return metrics
    }

    /// Stores the target image (once), the reconstruction and the weights at `target`.
    func store(_ info: RunInfo, reconstruction: [Float], target: Double) throws {
        if try store.checkpoint(.target, run: info) == nil {
            try store.putCheckpoint(.target, data: image.raster.encoded, run: info)
        }
        let raster = RGBRaster(width: image.width, height: image.height, values: reconstruction)
        try store.putCheckpoint(.reconstruction(sparsity: target), data: raster.encoded, run: info)
        try store.putCheckpoint(.weights(sparsity: target, part: .shared), data: ModelCheckpoint.encode(model.registry.snapshot()), run: info)
    }

    // MARK: training and prediction

    /// `steps` full-batch Adam steps of the network under its current mask on region `subset`'s
    /// pixels (nil: all pixels, with the embedding).
    func fit(steps: Int, subset: Int?, adam: Adam, phase: String, iteration: Int) throws {
        let clock = PhaseClock()
        let pixels = subset.map { regionPixels[$0].count } ?? allTargets.count / 3
        for step in 0..<steps {
            adam.learningRate = config.learningRateSchedule.rate(config.learningRate, step: step, of: steps)
            try fullBatchStep(subset, adam: adam, place: StepPlace(phase: phase, subnetwork: subset.map { subnetworkNames[$0] } ?? "all", iteration: iteration, batch: step))
            report(phase, step: step, of: steps, pixels: pixels, clock: clock)
        }
    }

    /// Alg. 2 (``JointFit``) with one full batch per region: every step visits each region in turn
    /// under its mask; all weights are shared, so nothing is private.
    func jointFit(steps: Int, masks: [ModelState.PreparedMask], adam: Adam, phase: String) throws {
        let clock = PhaseClock()
        let fit = JointFit(state: state, masks: masks, privateParameters: [])
        _ = try fit.run(epochs: steps, batchCounts: { step in
            adam.learningRate = config.learningRateSchedule.rate(config.learningRate, step: step, of: steps)
            return Array(repeating: 1, count: masks.count)
        }, step: { k, _, step, _ in
            try fullBatchStep(k, adam: adam, place: StepPlace(phase: phase, subnetwork: subnetworkNames[k], iteration: 0, batch: step))
        }, roundDone: { step, _, _ in
            report(phase, step: step, of: steps, pixels: allTargets.count / 3, clock: clock)
        })
    }

    /// One masked Adam step on all pixels of region `subset` (nil: the whole image, with the embedding).
    func fullBatchStep(_ subset: Int?, adam: Adam, place: StepPlace) throws {
        let (input, targets, regions) = subset.map { (regionInputs[$0], regionTargets[$0], [Int](repeating: $0, count: regionPixels[$0].count)) }
            ?? (allInputs, allTargets, image.regions)
        try MaskedStep(registry: model.registry, observer: observer)(optimizers: [adam], examples: regions.count, at: place) {
            let output = model.forward(input, regions: regions, mode: .training)
            let loss = try MeanSquaredError.evaluate(predictions: output, targets: targets)
            if loss.value.isFinite { model.backward(loss.gradient) }
            return loss.value
        }
    }

    /// Progress every 25 steps and at the last, in pixels.
    func report(_ phase: String, step: Int, of steps: Int, pixels: Int, clock: PhaseClock) {
        guard step % 25 == 24 || step == steps - 1 else { return }
        observer.report(phase, done: (step + 1) * pixels, total: steps * pixels, clock: clock, finished: step == steps - 1, unit: "px")
    }

    /// The work of one pruning iteration and one retraining, in pixels seen.
    public var phaseCosts: PhaseCosts {
        let pixels = Double(allTargets.count / 3)
        let extraction = Double(config.extractionSteps) * pixels
        return PhaseCosts(extraction: extraction, retraining: Double(config.retrainingSteps) * pixels)
    }

    /// Colours of region `k`'s pixels under the current weights and mask.
    func predict(region k: Int) -> [Float] {
        let out = model.forward(regionInputs[k], regions: [Int](repeating: k, count: regionPixels[k].count), mode: .inference)
        return out.values
    }

    /// Colours of every pixel (embedding variant, or one network for all).
    func predictAll() -> [Float] { model.forward(allInputs, regions: image.regions, mode: .inference).values }

    func scatter(_ predicted: [Float], region k: Int, into image: inout [Float]) {
        for (j, p) in regionPixels[k].enumerated() { for c in 0..<3 { image[3 * p + c] = predicted[3 * j + c] } }
    }
}
