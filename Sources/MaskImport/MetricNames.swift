import RunStore

extension Split {
    /// The split a common other spelling means (`valid`, `val`, `dev` → validation), for suggestions.
    static func meant(by text: String) -> Split? {
        switch text.lowercased() {
        case "valid", "val", "dev", "eval", "validate", "validation": return .validation
        case "training", "trn", "train": return .train
        case "testing", "tst", "test": return .test
        default: return nil
        }
    }
}

extension MetricName {
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
