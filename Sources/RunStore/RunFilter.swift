import Foundation

/// `KEY=VALUE` selecting runs: a run column (`name`, `method`, `model`, `dataset`, `partition`,
/// `status`, `seed`) or, for any other key, a key of the run's stored configuration (numbers and
/// booleans compared as JSON writes them, strings as they are, arrays as compact JSON).
public struct RunFilter: Sendable, Equatable {
    /// The part before the first `=`, trimmed: a run column or a configuration key.
    public let key: String
    /// The part after it, trimmed: the value the run's key must have (see `matches(_:)`).
    public let value: String

    /// The run columns a filter can name directly.
    public static let columns = ["name", "method", "model", "dataset", "partition", "status", "seed"]

    /// Parses `KEY=VALUE`; nil when it has no `=` or an empty key.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        value = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        if key.isEmpty { return nil }
    }

    /// The run's value of the key as text, nil when it has none.
    public static func value(of key: String, in run: RunInfo) -> String? {
        switch key {
        case "name": return run.name
        case "method": return run.method
        case "model": return run.model
        case "dataset": return run.dataset
        case "partition": return run.partition
        case "status": return run.status
        case "seed": return run.seed.map(String.init)
        default:
            guard let config = (try? JSONSerialization.jsonObject(with: Data(run.configJSON.utf8))) as? [String: Any],
                  let v = config[key], !(v is NSNull) else { return nil }
            if let s = v as? String { return s }
            guard let data = try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The keys of every run's configuration, sorted.
    public static func configKeys(of runs: [RunInfo]) -> [String] {
        Set(runs.flatMap { r in ((try? JSONSerialization.jsonObject(with: Data(r.configJSON.utf8))) as? [String: Any])?.keys.map { $0 } ?? [] }).sorted()
    }

    /// True when the run has the key with this value (numbers compared numerically: `0.001` = `1e-3`).
    public func matches(_ run: RunInfo) -> Bool {
        guard let v = Self.value(of: key, in: run) else { return false }
        if v == value { return true }
        if let a = Double(v), let b = Double(value) { return a == b }
        return false
    }
}
