import Foundation
import RunStore

/// A named set of replicate runs: the same configuration trained with different seeds.
public struct ReplicateGroup: Sendable, Equatable {
    public let name: String
    /// Run names, in the order given (automatic groups: by seed).
    public let runs: [String]
    /// True when found by ``ReplicateGroup/automatic(_:excluding:)`` rather than given by the user.
    public let automatic: Bool

    public init(name: String, runs: [String], automatic: Bool = false) {
        self.name = name; self.runs = runs; self.automatic = automatic
    }

    /// Groups of two or more runs (not in `excluding`) whose stored configurations are equal except
    /// for `seed` and `name`, with distinct seeds. Imports (configuration `{}`) are never grouped.
    /// A group is named after its runs' names without their `seed=N` part when that leaves one name
    /// (a sweep's `cifar10-rtl/seed=0,method=rtl` and `…/seed=1,method=rtl` make
    /// `cifar10-rtl/method=rtl`), else after their common name prefix (without trailing separators
    /// and `seed`, so `rtl-s0`, `rtl-s1` make `rtl`), else after its first run.
    public static func automatic(_ runs: [RunInfo], excluding: Set<String> = []) -> [ReplicateGroup] {
        var order: [String] = []
        var members: [String: [RunInfo]] = [:]
        for run in runs where !excluding.contains(run.name) {
            guard let key = seedlessKey(run.configJSON) else { continue }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(run)
        }
        var used = Set<String>()
        return order.compactMap { key -> ReplicateGroup? in
            guard let group = members[key], group.count >= 2 else { return nil }
            let seeds = group.map(\.seed)
            guard !seeds.contains(nil), Set(seeds).count == seeds.count else { return nil }
            let sorted = group.sorted { ($0.seed ?? 0) < ($1.seed ?? 0) }
            let separators = CharacterSet(charactersIn: "/,-_= ")
            let seedless = Set(sorted.map { withoutSeed($0.name).trimmingCharacters(in: separators) })
            var name = commonPrefix(sorted.map(\.name)).trimmingCharacters(in: separators)
            if name.hasSuffix("seed") { name = String(name.dropLast(4)).trimmingCharacters(in: separators) }
            if seedless.count == 1, let only = seedless.first, !only.isEmpty { name = only }
            if name.isEmpty || runs.contains(where: { $0.name == name }) || used.contains(name) { name = sorted[0].name + " (seeds)" }
            used.insert(name)
            return ReplicateGroup(name: name, runs: sorted.map(\.name), automatic: true)
        }
    }

    /// The configuration without `seed` and `name`, as canonical JSON; nil for imports or unreadable JSON.
    static func seedlessKey(_ json: String) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return nil }
        object["seed"] = nil
        object["name"] = nil
        guard !object.isEmpty, let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// `name` without its `seed=N` component and the comma joining it to the next or previous one.
    static func withoutSeed(_ name: String) -> String {
        name.replacingOccurrences(of: #"seed=[0-9]+,|,seed=[0-9]+|seed=[0-9]+"#, with: "", options: .regularExpression)
    }

    private static func commonPrefix(_ names: [String]) -> String {
        guard var prefix = names.first.map(Array.init) else { return "" }
        for name in names.dropFirst() {
            let chars = Array(name)
            var n = 0
            while n < min(prefix.count, chars.count) && prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        // Do not cut a number in half ("seed=1" and "seed=12" share "seed=1").
        while let last = prefix.last, last.isNumber { prefix.removeLast() }
        return String(prefix)
    }
}
