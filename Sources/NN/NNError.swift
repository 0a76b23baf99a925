/// Errors of the training engine. Each description is one line.
public enum NNError: Error, Equatable, CustomStringConvertible {
    /// A mask does not fit its parameter.
    case maskMismatch(parameter: String, reason: String)
    /// Two parameters of one model share a name.
    case duplicateParameter(String)
    /// A named tensor to load is missing or has the wrong shape.
    case stateMismatch(parameter: String, reason: String)
    /// The loss became NaN or infinite at a training step (1-based).
    case nonFiniteLoss(step: Int, value: Double)
    /// Targets do not fit the logits.
    case targetMismatch(String)

    public var description: String {
        switch self {
        case .maskMismatch(let parameter, let reason): return "cannot mask \(parameter): \(reason)"
        case .duplicateParameter(let name): return "duplicate parameter name \(name)"
        case .stateMismatch(let parameter, let reason): return "cannot load \(parameter): \(reason)"
        case .nonFiniteLoss(let step, let value): return "loss is \(value) at training step \(step)"
        case .targetMismatch(let reason): return "targets do not fit the logits: \(reason)"
        }
    }
}
