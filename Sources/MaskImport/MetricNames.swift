/// The data splits metric values belong to (the `metric.split` column).
public enum MetricSplit: String, Sendable, CaseIterable {
    case train, validation, test

    /// The split a common other spelling means (`valid`, `val`, `dev` → validation), for suggestions.
    static func meant(by text: String) -> MetricSplit? {
        switch text.lowercased() {
        case "valid", "val", "dev", "eval", "validate", "validation": return .validation
        case "training", "trn", "train": return .train
        case "testing", "tst", "test": return .test
        default: return nil
        }
    }
}

/// The metric names TicketScope's trainers write and its reports read.
public enum MetricName: String, Sendable, CaseIterable {
    case balancedAccuracy = "balanced_accuracy", precision, recall, accuracy, f1, loss, params, psnr
    case siSNRi = "si_snri", wsdr

    /// True for metrics that are fractions in [0, 1].
    public var isFraction: Bool {
        switch self {
        case .balancedAccuracy, .precision, .recall, .accuracy, .f1: return true
        case .loss, .params, .psnr, .siSNRi, .wsdr: return false
        }
    }

    /// The known name `text` is probably meant to be (`balanced-accuracy`, `Balanced Accuracy` → balanced_accuracy).
    static func meant(by text: String) -> MetricName? {
        let folded = text.lowercased().map { $0 == "-" || $0 == " " || $0 == "." ? "_" : $0 }
        let normal = String(folded)
        if let exact = MetricName(rawValue: normal) { return exact }
        switch normal {
        case "bacc", "balanced_acc", "bal_acc": return .balancedAccuracy
        case "acc": return .accuracy
        case "prec": return .precision
        case "rec": return .recall
        case "f1_score": return .f1
        case "sisnri", "si_snr_i": return .siSNRi
        case "num_params", "n_params", "parameters": return .params
        default: return nil
        }
    }
}
