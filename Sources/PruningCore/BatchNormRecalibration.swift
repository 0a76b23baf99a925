import NN

/// Re-estimates a model's batch-norm running statistics under its current weights and mask as the
/// plain average of the batch statistics of a few training-mode forward passes (no weight update).
/// Pruning changes the network after training, and short runs leave momentum-averaged running
/// statistics far from the batch statistics, so every evaluation is preceded by this.
///
/// Each forward pass starts from zeroed statistics, so afterwards they hold momentum × that batch's
/// statistics; ``endBatch()`` adds them divided by the momentum, ``finish()`` writes the average.
public struct BatchNormRecalibration {
    /// PyTorch's default batch-norm momentum (0.1), used by every model here.
    public static let defaultMomentum: Float = 0.1

    let statistics: [Parameter]
    let momentum: Float
    var sums: [[Float]]
    var batches: Float = 0

    /// Recalibrates the `statistic` parameters of `registry`.
    public init(registry: ParameterRegistry, momentum: Float = Self.defaultMomentum) {
        statistics = registry.all.filter { $0.role == .statistic }
        self.momentum = momentum
        sums = statistics.map { [Float](repeating: 0, count: $0.value.count) }
    }

    /// Call before the training-mode forward pass of one calibration batch: zeroes the statistics.
    public func beginBatch() {
        for s in statistics { s.value.zero() }
    }

    /// Call after that forward pass: adds its batch statistics.
    public mutating func endBatch() {
        for (i, s) in statistics.enumerated() {
            let p = s.value.pointer
            for j in 0..<s.value.count { sums[i][j] += p[j] / momentum }
        }
        batches += 1
    }

    /// Writes the average into the running statistics; leaves them alone when no batch was seen.
    public func finish() {
        guard batches > 0 else { return }
        for (i, s) in statistics.enumerated() {
            let p = s.value.pointer
            for j in 0..<s.value.count { p[j] = sums[i][j] / batches }
        }
    }
}
