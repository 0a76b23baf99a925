import Models
import PruningCore

/// Which registered model a classification config trains.
extension TrainConfig {
    /// The registered image classifier this config trains (``model``, else the default).
    public func modelRegistration(source: String = "config") throws -> ModelRegistration {
        let model = self.model ?? Self.defaultModel
        guard let registration = ModelRegistry.model(named: model, for: .imageClassification) else {
            let known = ModelRegistry.models(for: .imageClassification).map(\.name).joined(separator: ", ")
            throw LotteryError.config("'\(source)': unknown model '\(model)' (image classifiers: \(known))")
        }
        return registration
    }

    /// A freshly initialised classifier of this config's model with `classes` outputs, from `seed`.
    public func makeModel(classes: Int) throws -> any ImageClassifier {
        guard case .imageClassifier(let make) = try modelRegistration().factory else {
            throw LotteryError.config("model '\(model ?? Self.defaultModel)' is not an image classifier")
        }
        return make(classes, seed)
    }
}
