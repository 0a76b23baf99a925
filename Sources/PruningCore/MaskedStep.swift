import NN

/// Where a training step happens, for the error a non-finite loss raises.
public struct StepPlace: Sendable {
    /// e.g. "extract 3 · cat", "retrain 75%".
    public let phase: String
    /// The subnetwork being trained (its name).
    public let subnetwork: String
    /// The pruning iteration (or epoch) of the step.
    public let iteration: Int
    /// The batch index within it.
    public let batch: Int

    /// A place in training.
    public init(phase: String, subnetwork: String, iteration: Int, batch: Int) {
        self.phase = phase; self.subnetwork = subnetwork; self.iteration = iteration; self.batch = batch
    }
}

/// One optimisation step of a model under the mask currently applied (forward uses w ⊙ m, and
/// gradients and Adam skip pruned weights): stop if cancellation was requested, zero the gradients,
/// run the experiment's forward pass, loss and backward pass, refuse a non-finite loss, update with
/// every optimiser and count the work. Every experiment's training goes through this.
public struct MaskedStep {
    /// The parameters of the model being trained.
    public let registry: ParameterRegistry
    /// Cancellation and the work tally.
    public let observer: TrainingObserver

    /// Steps for the model of `registry`, observed by `observer`.
    public init(registry: ParameterRegistry, observer: TrainingObserver) {
        self.registry = registry; self.observer = observer
    }

    /// Runs one step; `lossAndBackward` does the forward pass, computes the loss, back-propagates
    /// its gradient and returns the loss value. Throws ``LotteryError/nonFiniteLoss(phase:subnetwork:iteration:batch:)``
    /// naming `place` (before any optimiser update) when the loss is NaN or infinite.
    @discardableResult
    public func callAsFunction(optimizers: [Adam], examples: Int, at place: StepPlace, lossAndBackward: () throws -> Double) throws -> Double {
        try observer.checkCancelled()
        registry.zeroGradients()
        let loss = try lossAndBackward()
        guard loss.isFinite else {
            throw LotteryError.nonFiniteLoss(phase: place.phase, subnetwork: place.subnetwork, iteration: place.iteration, batch: place.batch)
        }
        for optimizer in optimizers { optimizer.step() }
        observer.work.update(examples: examples)
        return loss
    }
}
