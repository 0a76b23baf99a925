/// The methods a run's masks come from (the `run.method` column).
public enum RunMethod: String, Sendable, CaseIterable {
    /// Routing the Lottery: subnetworks of one shared model (Alg. 1 + 2).
    case rtl
    /// Iterative magnitude pruning of one model for all subnetworks.
    case impSingle = "imp-single"
    /// Iterative magnitude pruning of one independent model per subnetwork.
    case impMulti = "imp-multi"
    /// Masks imported from elsewhere, subnetworks of one shared model.
    case imported
    /// RTL on an implicit neural representation of one image, one subnetwork per region (docs/inr.md).
    case inrRTL = "inr-rtl"
    /// IMP of one implicit neural representation for all regions of one image.
    case inrIMP = "inr-imp"
    /// RTL on speech enhancement, one subnetwork per acoustic scene (docs/speech.md).
    case speechRTL = "speech-rtl"
    /// IMP of one speech-enhancement model for all scenes.
    case speechIMPSingle = "speech-imp-single"
    /// IMP of one independent speech-enhancement model per scene.
    case speechIMPMulti = "speech-imp-multi"

    /// The experiments runs come from.
    public enum Experiment: String, Sendable, CaseIterable {
        /// CIFAR classification (`rtl`, `imp-single`, `imp-multi`; docs/training.md).
        case classification
        /// Implicit neural representations of images (`inr-*`; docs/inr.md).
        case inr
        /// Speech enhancement (`speech-*`; docs/speech.md).
        case speech
        /// Masks imported from files (`imported`; docs/import.md).
        case imported
    }

    /// The experiment this method belongs to.
    public var experiment: Experiment {
        switch self {
        case .rtl, .impSingle, .impMulti: return .classification
        case .inrRTL, .inrIMP: return .inr
        case .speechRTL, .speechIMPSingle, .speechIMPMulti: return .speech
        case .imported: return .imported
        }
    }

    /// True when each subnetwork is a separate model, so the run's #Params is the sum of the masks'
    /// kept weights rather than the size of their union.
    public var subnetworksAreSeparateModels: Bool { self == .impMulti || self == .speechIMPMulti }

    /// Whether `method` (a stored `run.method`) names separate models; unknown names do not.
    public static func separateModels(_ method: String) -> Bool {
        RunMethod(rawValue: method)?.subnetworksAreSeparateModels ?? false
    }
}
