/// The names of the blobs a run keeps in the `checkpoint` table (docs/schema.md), encoded and decoded
/// in this one place: the trainers write them with `rawValue`, the reports and `evaluate` read them
/// back with the same keys. A sparsity `S` is written as Swift prints the `Double` (`0.75`).
public enum CheckpointKey: Hashable, Sendable, RawRepresentable {
    /// Weights after retraining at sparsity `S`: `retrain@S/<part>` (see ``WeightsPart``).
    case weights(sparsity: Double, part: WeightsPart)
    /// An INR run's reconstructed image after retraining at `S`: `reconstruction@S`.
    case reconstruction(sparsity: Double)
    /// An INR run's target image: `target`.
    case target
    /// A speech run's noisy example input of a scene: `noisy/<scene>`.
    case noisy(scene: String)
    /// A speech run's clean example target of a scene: `clean/<scene>`.
    case clean(scene: String)
    /// A speech run's enhanced example of a scene after retraining at `S`: `enhanced@S/<scene>`.
    case enhanced(sparsity: Double, scene: String)

    /// Which weights a `retrain@S/…` checkpoint holds.
    public enum WeightsPart: Hashable, Sendable {
        /// `shared`: RTL's shared weights (one model for every subnetwork).
        case shared
        /// `<k>`: RTL: subnetwork k's own parameters (head, batch-norm statistics); IMP multi: model k.
        case subnetwork(Int)
        /// `all`: IMP single's one model.
        case all

        /// The text after the `/`.
        public var rawValue: String {
            switch self {
            case .shared: return "shared"
            case .subnetwork(let k): return "\(k)"
            case .all: return "all"
            }
        }

        /// The part `text` names; nil for anything else (negative or non-decimal indices included).
        public init?(rawValue text: String) {
            switch text {
            case "shared": self = .shared
            case "all": self = .all
            default:
                guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let k = Int(text) else { return nil }
                self = .subnetwork(k)
            }
        }
    }

    /// The stored name.
    public var rawValue: String {
        switch self {
        case .weights(let s, let part): return "retrain@\(s)/\(part.rawValue)"
        case .reconstruction(let s): return "reconstruction@\(s)"
        case .target: return "target"
        case .noisy(let scene): return "noisy/\(scene)"
        case .clean(let scene): return "clean/\(scene)"
        case .enhanced(let s, let scene): return "enhanced@\(s)/\(scene)"
        }
    }

    /// The key a stored name encodes; nil for names no trainer writes.
    public init?(rawValue name: String) {
        /// "S/rest" after `prefix` as (S, rest), S a finite number.
        func sparsityAndRest(_ text: Substring) -> (Double, String)? {
            guard let slash = text.firstIndex(of: "/"), let s = Double(text[..<slash]), s.isFinite else { return nil }
            return (s, String(text[text.index(after: slash)...]))
        }
        if name == "target" { self = .target; return }
        if let rest = name.dropPrefix("retrain@"), let (s, tail) = sparsityAndRest(rest), let part = WeightsPart(rawValue: tail) {
            self = .weights(sparsity: s, part: part)
        } else if let rest = name.dropPrefix("reconstruction@"), let s = Double(rest), s.isFinite {
            self = .reconstruction(sparsity: s)
        } else if let rest = name.dropPrefix("enhanced@"), let (s, scene) = sparsityAndRest(rest), !scene.isEmpty {
            self = .enhanced(sparsity: s, scene: scene)
        } else if let scene = name.dropPrefix("noisy/"), !scene.isEmpty {
            self = .noisy(scene: String(scene))
        } else if let scene = name.dropPrefix("clean/"), !scene.isEmpty {
            self = .clean(scene: String(scene))
        } else {
            return nil
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, nil when it does not start with it.
    fileprivate func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
