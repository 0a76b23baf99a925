/// Whether a forward pass trains (batch statistics, caches for backward) or only infers.
public enum Mode: Sendable {
    /// Batch normalisation uses and updates batch statistics; layers keep what `backward` needs.
    case training
    /// Batch normalisation uses running statistics; `backward` must not be called afterwards.
    case inference
}

/// A differentiable building block with an explicit backward pass.
///
/// `forward` returns a tensor the layer owns and reuses on its next call. `backward` takes the
/// gradient of the loss with respect to the last training-mode output, adds the parameter gradients
/// into each `Parameter.gradient` (masked for prunable weights) and returns the gradient with respect
/// to the input. Layers are not thread-safe; they parallelise internally (see `Threading`).
public protocol Layer: AnyObject {
    /// Computes the output for `input`.
    func forward(_ input: Tensor, mode: Mode) -> Tensor
    /// Back-propagates `outputGradient` through the last training-mode `forward`.
    func backward(_ outputGradient: Tensor) -> Tensor
    /// The layer's parameters (including running statistics) in depth order.
    var parameters: [Parameter] { get }
}
