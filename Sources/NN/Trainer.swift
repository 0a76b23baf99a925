/// One optimisation step at a time: zero the gradients, forward in training mode, loss, backward,
/// check the loss is finite, Adam step.
public final class Trainer {
    /// The model trained.
    public let model: Layer
    /// Its parameters.
    public let registry: ParameterRegistry
    /// The optimiser, over `registry.trainable`.
    public let optimizer: Adam
    /// Steps completed.
    public private(set) var step = 0

    /// A trainer for `model` with Adam at `learningRate`.
    /// - Throws: `NNError.duplicateParameter` if the model's parameter names collide.
    public init(model: Layer, learningRate: Double) throws {
        self.model = model
        registry = try ParameterRegistry(model.parameters)
        optimizer = Adam(parameters: registry.trainable, learningRate: learningRate)
    }

    /// Trains on one batch and returns the loss before the update.
    /// - Parameter loss: computes the loss and its gradient from the logits.
    /// - Throws: `NNError.nonFiniteLoss` naming the step (parameters are not updated;
    ///   batch-norm running statistics already saw the batch), or what `loss` throws.
    @discardableResult
    public func trainStep(input: Tensor, loss: (Tensor) throws -> LossValue) throws -> Double {
        registry.zeroGradients()
        let logits = model.forward(input, mode: .training)
        let value = try loss(logits)
        guard value.value.isFinite else { throw NNError.nonFiniteLoss(step: step + 1, value: value.value) }
        _ = model.backward(value.gradient)
        optimizer.step()
        step += 1
        return value.value
    }
}
