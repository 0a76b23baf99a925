import Foundation
import RunStore

/// What makes two trainings the same run, so that `--resume` (or training the same config again)
/// continues a stored run instead of refusing it. The identity is the canonical JSON of the decoded
/// configuration with every default applied, stored as `run.config_json`, and its hash, stored as
/// `run.config_hash`.
///
/// The hash is FNV-1a 64 (16 hex digits): the identity needs a stable, dependency-free fingerprint,
/// not a cryptographic one (a store is not defended against forged configurations).
///
/// A stored run matches when its hash is this one, or when its stored JSON, decoded with today's
/// defaults, has this hash. The second rule is what lets a run created before a new key with a
/// default was added (its JSON lacks the key) or before `config_hash` was stored (NULL) resume.
public struct RunIdentity: Sendable {
    /// The canonical JSON of the configuration.
    public let canonicalJSON: String
    /// FNV-1a 64 of ``canonicalJSON`` as 16 lowercase hex digits.
    public let hash: String
    /// The canonical JSON of a stored configuration decoded with today's type and defaults; nil when
    /// it does not decode as that type.
    private let recanonicalised: @Sendable (String) -> String?

    /// The identity of `config`.
    public init<C: RunConfig>(_ config: C) {
        canonicalJSON = config.canonicalJSON
        hash = Self.hash(of: canonicalJSON)
        recanonicalised = { json in (try? C(json: Data(json.utf8), source: "stored configuration"))?.canonicalJSON }
    }

    /// Whether `run` was created with this configuration (see the type's documentation).
    public func matches(_ run: RunInfo) -> Bool {
        if run.configHash == hash || run.configJSON == canonicalJSON { return true }
        return recanonicalised(run.configJSON).map(Self.hash(of:)) == hash
    }

    /// The top-level keys whose values differ between `run`'s stored configuration (decoded with
    /// today's defaults) and this one, sorted; empty when the stored one does not decode.
    public func differingKeys(from run: RunInfo) -> [String] {
        func object(_ json: String?) -> [String: NSObject]? {
            json.flatMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: NSObject] }
        }
        guard let stored = object(recanonicalised(run.configJSON)), let given = object(canonicalJSON) else { return [] }
        return Set(stored.keys).union(given.keys).filter { stored[$0] != given[$0] }.sorted()
    }

    /// FNV-1a 64 (Fowler, Noll, Vo) of the UTF-8 bytes of `text`, as 16 lowercase hex digits.
    public static func hash(of text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
