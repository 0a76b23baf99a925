/// The names of the values in the `metric.name` column that TicketScope's trainers write and its
/// analyses read, with how to show them. `rawValue` is the stored text; stores may also hold other
/// names (`import-metrics --allow-custom`), which `MetricName(rawValue:)` does not recognise.
public enum MetricName: Hashable, Sendable, RawRepresentable {
    /// One-vs-rest balanced accuracy, (TPR + TNR) / 2 (CIFAR; the macro average at run level).
    case balancedAccuracy
    /// One-vs-rest precision (CIFAR).
    case precision
    /// One-vs-rest recall (CIFAR).
    case recall
    /// Accuracy (imported runs).
    case accuracy
    /// F1 score (imported runs).
    case f1
    /// A training loss (imported runs).
    case loss
    /// The number of kept weights at a step: the union of the masks for subnetworks of one model,
    /// their sum for separate models (run level, split `test`).
    case params
    /// Peak signal-to-noise ratio of an INR reconstruction, in dB (per region and for the whole image).
    case psnr
    /// Scale-invariant SNR improvement over the noisy input, in dB (speech; per subnetwork, and at
    /// run level the mean over scenes).
    case siSNRi
    /// SI-SNRi of one scene's test pairs, stored as `si_snri.<scene>` (speech, run level).
    case sceneSISNRi(String)
    /// The weighted-SDR training loss (speech, split `train`).
    case wsdr

    /// The names stored in the `metric` table without a scene (what `import-metrics` accepts
    /// without `--allow-custom`, besides `si_snri.<scene>`).
    public static let recorded: [MetricName] = [.balancedAccuracy, .precision, .recall, .accuracy, .f1, .loss, .params, .psnr, .siSNRi, .wsdr]

    /// The quality metrics collapse analysis and `compare` read (higher is better), in order of
    /// preference: classification, INR, speech.
    public static let quality: [MetricName] = [.balancedAccuracy, .psnr, .siSNRi]

    /// The stored text prefix of ``sceneSISNRi(_:)``.
    static let scenePrefix = "si_snri."

    /// The metric stored as `rawValue`; nil for names TicketScope does not know.
    public init?(rawValue: String) {
        if rawValue.hasPrefix(Self.scenePrefix) {
            let scene = String(rawValue.dropFirst(Self.scenePrefix.count))
            guard !scene.isEmpty else { return nil }
            self = .sceneSISNRi(scene)
            return
        }
        guard let plain = Self.recorded.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = plain
    }

    /// The stored text, e.g. `balanced_accuracy`, `si_snri.cafe`.
    public var rawValue: String {
        switch self {
        case .balancedAccuracy: return "balanced_accuracy"
        case .precision: return "precision"
        case .recall: return "recall"
        case .accuracy: return "accuracy"
        case .f1: return "f1"
        case .loss: return "loss"
        case .params: return "params"
        case .psnr: return "psnr"
        case .siSNRi: return "si_snri"
        case .sceneSISNRi(let scene): return Self.scenePrefix + scene
        case .wsdr: return "wsdr"
        }
    }

    /// How tables and axes name the metric, without its unit ("Balanced accuracy", "PSNR").
    public var label: String {
        switch self {
        case .balancedAccuracy: return "Balanced accuracy"
        case .precision: return "Precision"
        case .recall: return "Recall"
        case .accuracy: return "Accuracy"
        case .f1: return "F1"
        case .loss: return "Loss"
        case .params: return "#Params"
        case .psnr: return "PSNR"
        case .siSNRi: return "SI-SNRi"
        case .sceneSISNRi(let scene): return "SI-SNRi (\(scene))"
        case .wsdr: return "wSDR loss"
        }
    }

    /// The unit the value is in, nil for fractions, counts and unitless losses.
    public var unit: String? {
        switch self {
        case .psnr, .siSNRi, .sceneSISNRi: return "dB"
        case .balancedAccuracy, .precision, .recall, .accuracy, .f1, .loss, .params, .wsdr: return nil
        }
    }

    /// Whether a larger value is better (quality metrics) rather than worse (sizes, losses, time).
    public var higherIsBetter: Bool {
        switch self {
        case .balancedAccuracy, .precision, .recall, .accuracy, .f1, .psnr, .siSNRi, .sceneSISNRi: return true
        case .loss, .params, .wsdr: return false
        }
    }

    /// True for metrics that are fractions in [0, 1].
    public var isFraction: Bool {
        switch self {
        case .balancedAccuracy, .precision, .recall, .accuracy, .f1: return true
        case .loss, .params, .psnr, .siSNRi, .sceneSISNRi, .wsdr: return false
        }
    }

    /// The label with its unit, e.g. "PSNR (dB)", "Balanced accuracy".
    public var labelWithUnit: String { unit.map { "\(label) (\($0))" } ?? label }

    /// A table column title: the label with its unit and an arrow towards better, e.g. "PSNR (dB) ↑", "#Params ↓".
    public var title: String { labelWithUnit + (higherIsBetter ? " ↑" : " ↓") }

    /// The metric inside a sentence: the label with its unit, lower-cased where it is a common noun
    /// ("balanced accuracy", "PSNR (dB)").
    public var noun: String {
        switch self {
        case .balancedAccuracy, .precision, .recall, .accuracy, .loss: return labelWithUnit.lowercased()
        default: return labelWithUnit
        }
    }
}
