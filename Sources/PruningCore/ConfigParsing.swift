import Foundation

/// What every run config (CIFAR, INR, speech) shares: strict JSON decoding with one-line errors, and
/// the checks of the pruning schedule.
public enum ConfigParsing {
    /// The bytes of the config file at `path`.
    public static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw LotteryError.config("cannot read '\(path)'") }
        return data
    }

    /// The `method` of a JSON config, if it has one (used to pick the config type).
    public static func method(ofJSON data: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["method"] as? String
    }

    /// Decodes `T` from JSON text. A key outside `knownKeys`, a missing key, a wrong type or a bad
    /// value is one `LotteryError.config` line naming `source`, so a typo never falls back to a default.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String, knownKeys: [String]) throws -> T {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            let text = String(decoding: data, as: UTF8.self)
            let hint = ["NaN", "Infinity"].contains(where: text.contains) ? " (JSON has no NaN or Infinity: every number must be finite)" : ""
            throw LotteryError.config("'\(source)' is not valid JSON\(hint): \(jsonErrorDetail(error))")
        }
        guard let object = parsed as? [String: Any] else {
            throw LotteryError.config("'\(source)' is not a JSON object")
        }
        let known = Set(knownKeys)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw LotteryError.config("'\(source)': unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw LotteryError.config("'\(source)': missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LotteryError.config("'\(source)': key '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty, let bad = integerCulprit(T.self, object: object) {
                throw LotteryError.config("'\(source)': key '\(bad.key)' must be an integer from \(bad.range) (got \(bad.value))")
            }
            throw LotteryError.config("'\(source)': \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)")
        }
    }

    /// The top-level number that does not fit the integer type of its key, with that type's range.
    /// Foundation reports such numbers (1.5, 1e300, −1 for an unsigned key) without naming the key,
    /// so each number is replaced in turn by a harmless integer until decoding gets past it.
    static func integerCulprit<T: Decodable>(_ type: T.Type, object: [String: Any]) -> (key: String, value: String, range: String)? {
        /// True when decoding gets past `key` (succeeds, or fails at another key).
        func passes(_ candidate: [String: Any], _ key: String) -> Bool {
            guard let data = try? JSONSerialization.data(withJSONObject: candidate) else { return false }
            do { _ = try JSONDecoder().decode(T.self, from: data); return true } catch let error as DecodingError {
                let path: [CodingKey]
                switch error {
                case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c): path = c.codingPath
                case .keyNotFound(_, let c): path = c.codingPath
                @unknown default: return false
                }
                return !path.isEmpty && path[0].stringValue != key
            } catch { return false }
        }
        for key in object.keys.sorted() {
            guard let number = object[key] as? NSNumber else { continue }
            var probe = object
            probe[key] = 1
            guard passes(probe, key) else { continue }
            probe[key] = -1
            let range = passes(probe, key) ? "\(Int64.min) to \(Int64.max)" : "0 to \(UInt64.max)"
            return (key, "\(number)", range)
        }
        return nil
    }

    static func jsonErrorDetail(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}

extension PruningSchedule {
    /// Checks the targets (increasing, in (0, 1)) and that exactly one of the two step sizes is
    /// given and valid; errors name `source` and the config keys.
    public func validate(source: String) throws {
        func fail(_ m: String) -> LotteryError { .config("'\(source)': \(m)") }
        guard !targetSparsities.isEmpty else { throw fail("target_sparsities is empty") }
        for s in targetSparsities where !(s > 0 && s < 1) { throw fail("target sparsity \(s) must be in (0, 1)") }
        guard targetSparsities == targetSparsities.sorted(), Set(targetSparsities).count == targetSparsities.count else {
            throw fail("target_sparsities must be increasing")
        }
        guard (weightsPerIteration == nil) != (fractionPerIteration == nil) else { throw fail("give exactly one of prune_weights and prune_fraction") }
        if let w = weightsPerIteration, w < 1 { throw fail("prune_weights must be at least 1") }
        if let f = fractionPerIteration, !(f > 0 && f < 1) { throw fail("prune_fraction must be in (0, 1)") }
    }
}

/// A run config read from strict JSON: give its keys and checks, get the two initialisers.
public protocol StrictJSONConfig: Decodable {
    /// Every key the JSON may have.
    static var keys: [String] { get }
    /// The run name the config gives, if any.
    var name: String? { get }
    /// The stop rule judged after every pruning iteration, if any.
    var stopRule: String? { get set }
    /// Checks values a run cannot start with (one `LotteryError.config` line naming `source`).
    func validate(source: String) throws
}

extension StrictJSONConfig {
    /// Reads and checks a config file.
    public init(contentsOf path: String) throws {
        try self.init(json: try ConfigParsing.contents(of: path), source: path)
    }

    /// Parses and checks JSON text; `source` names it in errors.
    public init(json data: Data, source: String) throws {
        self = try ConfigParsing.decode(Self.self, from: data, source: source, knownKeys: Self.keys)
        try validate(source: source)
    }
}

/// A run configuration with a canonical encoding: the JSON of the decoded value (every default
/// applied), with sorted keys. CIFAR (`TrainConfig`), INR and speech configs are run configs.
public protocol RunConfig: StrictJSONConfig {
    /// The configuration as canonical JSON (sorted keys, defaults applied).
    var canonicalJSON: String { get }
}
