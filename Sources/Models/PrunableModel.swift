import NN

/// A network whose weights a run prunes. Its registry lists every parameter (prunable weights in
/// depth order); `head` names the output head, which joint retraining (Alg. 2) keeps per subnetwork.
public protocol PrunableModel: AnyObject {
    /// Every parameter, with the prunable weights in depth order.
    var registry: ParameterRegistry { get }
    /// The parameters of the output head (the final classifier or output layer).
    var head: [Parameter] { get }
}

/// An image classifier for the classification experiment: images `[N, 3, H, W]` to logits
/// `[N, classes]`, built by its ``ModelRegistry`` entry from a class count and a seed.
public protocol ImageClassifier: PrunableModel, Layer {}

extension ParameterRegistry {
    /// The registry of a model built in code: its parameter names are fixed by the code, so a clash
    /// is a programming error that stops with the model's name.
    static func ofModel(_ model: String, _ parameters: [Parameter]) -> ParameterRegistry {
        do {
            return try ParameterRegistry(parameters)
        } catch {
            preconditionFailure("\(model): \(error)")
        }
    }
}
