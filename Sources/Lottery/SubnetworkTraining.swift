import Datasets
import Diagnostics
import Dispatch
import NN

/// Training and evaluation of one model on batches of images.
struct SubnetworkTraining {
    let model: Layer
    let registry: ParameterRegistry
    let data: TrainingData
    let batchSize: Int
    let augmentation: Augmentation?
    let observer: TrainingObserver

    /// One optimisation step; the loss must be finite.
    func step(_ input: Tensor, optimizers: [Adam], where context: (String, String, Int, Int),
              loss: (Tensor) throws -> LossValue) throws {
        try observer.checkCancelled()
        registry.zeroGradients()
        let logits = model.forward(input, mode: .training)
        let value = try loss(logits)
        guard value.value.isFinite else {
            throw LotteryError.nonFiniteLoss(phase: context.0, subnetwork: context.1, iteration: context.2, batch: context.3)
        }
        _ = model.backward(value.gradient)
        for o in optimizers { o.step() }
        observer.work.update(examples: input.shape.first ?? 0)
    }

    /// Trains a one-vs-rest subnetwork on balanced batches for `epochs` epochs.
    func trainBinary(subset k: Int, epochs: Int, optimizers: [Adam], phase: String, iteration: Int,
                     generator: inout SeededGenerator) throws {
        let (pos, neg) = data.split(data.trainIndices, images: data.train, subset: k)
        let start = DispatchTime.now().uptimeNanoseconds
        let total = epochs * 2 * pos.count
        var done = 0
        for _ in 0..<epochs {
            let epoch = BalancedBatches(positives: pos, negatives: neg, batchSize: batchSize, generator: &generator)
            for (b, batch) in epoch.batches.enumerated() {
                let input = data.train.batch(batch.indices, normalization: data.normalization, augmentation: augmentation, generator: &generator)
                try step(input, optimizers: optimizers, where: (phase, data.partition.subsets[k], iteration, b)) {
                    try BinaryCrossEntropyWithLogits.evaluate(logits: $0, targets: batch.targets)
                }
                done += batch.indices.count
                report(phase, done, total, start, done >= total)
            }
        }
    }

    /// Trains a C-way classifier on shuffled batches of all training images.
    func trainMulticlass(epochs: Int, optimizers: [Adam], phase: String, iteration: Int, generator: inout SeededGenerator) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let total = epochs * data.trainIndices.count
        var done = 0
        for _ in 0..<epochs {
            var order = data.trainIndices
            generator.shuffle(&order)
            for (b, from) in stride(from: 0, to: order.count, by: batchSize).enumerated() {
                let indices = Array(order[from..<min(from + batchSize, order.count)])
                let input = data.train.batch(indices, normalization: data.normalization, augmentation: augmentation, generator: &generator)
                let labels = indices.map { data.train.labels[$0] }
                try step(input, optimizers: optimizers, where: (phase, "all", iteration, b)) {
                    try SoftmaxCrossEntropy.evaluate(logits: $0, labels: labels)
                }
                done += indices.count
                report(phase, done, total, start, done >= total)
            }
        }
    }

    /// Momentum of the model's batch-norm layers (PyTorch's default, GhostNet-lite's setting).
    static let batchNormMomentum: Float = 0.1

    /// Re-estimates batch-norm running statistics under the current weights and mask as the plain
    /// average over `batches` training batches (no update of weights). Pruning changes the mask after
    /// training, and short runs leave the momentum-0.1 running averages far from the batch statistics,
    /// so every evaluation is preceded by this. Each forward pass starts from zeroed statistics, so
    /// afterwards they hold momentum × the batch's own statistics, which are summed and averaged.
    /// `subset` nil draws from all training images.
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
        let statistics = registry.all.filter { $0.role == .statistic }
        var sums = statistics.map { [Float](repeating: 0, count: $0.value.count) }
        var n: Float = 0
        for from in stride(from: 0, to: pool.count, by: batchSize) {
            let chunk = Array(pool[from..<min(from + batchSize, pool.count)])
            guard chunk.count > 1 else { continue }
            for s in statistics { s.value.zero() }
            _ = model.forward(data.train.batch(chunk, normalization: data.normalization, generator: &generator), mode: .training)
            for (i, s) in statistics.enumerated() {
                let p = s.value.pointer
                for j in 0..<s.value.count { sums[i][j] += p[j] / Self.batchNormMomentum }
            }
            n += 1
        }
        guard n > 0 else { return }
        for (i, s) in statistics.enumerated() {
            let p = s.value.pointer
            for j in 0..<s.value.count { p[j] = sums[i][j] / n }
        }
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

    private func report(_ phase: String, _ done: Int, _ total: Int, _ start: UInt64, _ finished: Bool) {
        observer.progress(TrainingProgress(phase: phase, done: done, total: total,
                                           seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, finished: finished))
    }
}

func argmax(_ v: ArraySlice<Float>) -> Int {
    var best = v.startIndex
    for i in v.indices where v[i] > v[best] { best = i }
    return best - v.startIndex
}
