import Datasets
import Diagnostics
import NN
import PruningCore

/// Training and evaluation of one model on batches of images.
struct SubnetworkTraining {
    let model: Layer
    let registry: ParameterRegistry
    let data: TrainingData
    let batchSize: Int
    let augmentation: Augmentation?
    let observer: TrainingObserver

    /// One masked optimisation step on `input` (see ``MaskedStep``).
    func step(_ input: Tensor, optimizers: [Adam], at place: StepPlace, loss: (Tensor) throws -> LossValue) throws {
        try MaskedStep(registry: registry, observer: observer)(optimizers: optimizers, examples: input.shape.first ?? 0, at: place) {
            let value = try loss(model.forward(input, mode: .training))
            _ = model.backward(value.gradient)
            return value.value
        }
    }

    /// Trains a one-vs-rest subnetwork on balanced batches for `epochs` epochs.
    func trainBinary(subset k: Int, epochs: Int, optimizers: [Adam], phase: String, iteration: Int,
                     generator: inout SeededGenerator) throws {
        let (pos, neg) = data.split(data.trainIndices, images: data.train, subset: k)
        let clock = PhaseClock()
        let total = epochs * 2 * pos.count
        var done = 0
        for _ in 0..<epochs {
            let epoch = BalancedBatches(positives: pos, negatives: neg, batchSize: batchSize, generator: &generator)
            for (b, batch) in epoch.batches.enumerated() {
                let input = data.train.batch(batch.indices, normalization: data.normalization, augmentation: augmentation, generator: &generator)
                try step(input, optimizers: optimizers, at: StepPlace(phase: phase, subnetwork: data.partition.subsets[k], iteration: iteration, batch: b)) {
                    try BinaryCrossEntropyWithLogits.evaluate(logits: $0, targets: batch.targets)
                }
                done += batch.indices.count
                observer.report(phase, done: done, total: total, clock: clock, finished: done >= total)
            }
        }
    }

    /// Trains a C-way classifier on shuffled batches of all training images.
    func trainMulticlass(epochs: Int, optimizers: [Adam], phase: String, iteration: Int, generator: inout SeededGenerator) throws {
        let clock = PhaseClock()
        let total = epochs * data.trainIndices.count
        var done = 0
        for _ in 0..<epochs {
            var order = data.trainIndices
            generator.shuffle(&order)
            for (b, from) in stride(from: 0, to: order.count, by: batchSize).enumerated() {
                let indices = Array(order[from..<min(from + batchSize, order.count)])
                let input = data.train.batch(indices, normalization: data.normalization, augmentation: augmentation, generator: &generator)
                let labels = indices.map { data.train.labels[$0] }
                try step(input, optimizers: optimizers, at: StepPlace(phase: phase, subnetwork: "all", iteration: iteration, batch: b)) {
                    try SoftmaxCrossEntropy.evaluate(logits: $0, labels: labels)
                }
                done += indices.count
                observer.report(phase, done: done, total: total, clock: clock, finished: done >= total)
            }
        }
    }

    /// Re-estimates batch-norm running statistics under the current weights and mask (see
    /// ``BatchNormRecalibration``) from `batches` training batches: balanced ones of subset `k`, or
    /// shuffled ones of all training images when `k` is nil. Batches of one image are skipped.
    func recalibrateBatchNorm(subset k: Int?, batches: Int = 8, generator: inout SeededGenerator) {
        var pool: [Int]
        if let k {
            let (pos, neg) = data.split(data.trainIndices, images: data.train, subset: k)
            let epoch = BalancedBatches(positives: pos, negatives: neg, batchSize: batchSize, generator: &generator)
            pool = epoch.batches.prefix(batches).flatMap(\.indices)
        } else {
            pool = data.trainIndices
            generator.shuffle(&pool)
            pool = Array(pool.prefix(batches * batchSize))
        }
        var recalibration = BatchNormRecalibration(registry: registry)
        for from in stride(from: 0, to: pool.count, by: batchSize) {
            let chunk = Array(pool[from..<min(from + batchSize, pool.count)])
            guard chunk.count > 1 else { continue }
            recalibration.beginBatch()
            _ = model.forward(data.train.batch(chunk, normalization: data.normalization, generator: &generator), mode: .training)
            recalibration.endBatch()
        }
        recalibration.finish()
    }

    /// Logits of `indices` in inference mode, row-major [count, outputs].
    func logits(_ indices: [Int], images: LabeledImages) -> (values: [Float], outputs: Int) {
        var out: [Float] = []
        var outputs = 1
        var generator = SeededGenerator(seed: 0)
        for from in stride(from: 0, to: indices.count, by: 256) {
            let chunk = Array(indices[from..<min(from + 256, indices.count)])
            let y = model.forward(images.batch(chunk, normalization: data.normalization, generator: &generator), mode: .inference)
            outputs = y.count / chunk.count
            out += y.values
        }
        return (out, outputs)
    }

    /// One-vs-rest metrics of subnetwork `k` (positive = logit > 0) on `indices`.
    func evaluateBinary(subset k: Int, indices: [Int], images: LabeledImages) -> BinaryMetrics {
        var generator = SeededGenerator(seed: 0xB4 &+ UInt64(k))
        recalibrateBatchNorm(subset: k, generator: &generator)
        let (values, _) = logits(indices, images: images)
        return BinaryMetrics(predicted: values.map { $0 > 0 }, actual: indices.map { data.subset(ofLabel: images.labels[$0]) == k })
    }

    /// Per-subset one-vs-rest metrics of a C-way classifier's arg-max prediction on `indices`.
    func evaluateMulticlass(indices: [Int], images: LabeledImages) -> [BinaryMetrics] {
        var generator = SeededGenerator(seed: 0xB4)
        recalibrateBatchNorm(subset: nil, generator: &generator)
        let (values, c) = logits(indices, images: images)
        let predicted = indices.indices.map { i in data.subset(ofLabel: argmax(values[(i * c)..<((i + 1) * c)])) }
        let actual = indices.map { data.subset(ofLabel: images.labels[$0]) }
        return data.partition.subsets.indices.map { k in BinaryMetrics(predicted: predicted.map { $0 == k }, actual: actual.map { $0 == k }) }
    }
}

func argmax(_ v: ArraySlice<Float>) -> Int {
    var best = v.startIndex
    for i in v.indices where v[i] > v[best] { best = i }
    return best - v.startIndex
}
