import Foundation

/// A grid of runs: a base configuration and, per swept key, a list of values. Each point of the
/// grid is one run named `<base name>/<key>=<value>,…` (keys in the order given), with its own
/// generated configuration and its own store file.
public struct SweepGrid: Sendable, Equatable {
    /// One swept key and its values, as JSON texts (`0`, `"rtl"`, `[0.5,0.75]`).
    public struct Axis: Sendable, Equatable {
        /// The config key.
        public let key: String
        /// Its values, as JSON texts.
        public let values: [String]
    }

    /// One run of the grid.
    public struct Point: Sendable, Equatable {
        /// `<base>/<key>=<value>,…`.
        public let name: String
        /// Store file name: the run name with every character but letters, digits and `._=,-+` replaced by `_`.
        public let fileStem: String
        /// The run's full configuration (the base with the point's values and its name), canonical JSON.
        public let configJSON: String
    }

    /// Runs beyond this count need an explicit confirmation (`--yes`).
    public static let confirmationLimit = 10_000

    /// The base configuration's run name.
    public let baseName: String
    /// The swept keys, in the order given.
    public let axes: [Axis]
    /// Every run of the grid (the product of the axes, the last key varying fastest).
    public let points: [Point]

    /// Parses `--set KEY=V1,V2,…` specifications against `base` (a JSON object whose config type
    /// accepts `knownKeys`). Values are read as JSON when they parse as such (numbers, `true`,
    /// arrays in brackets), else as strings. `name` is the base run name. A grid of more than
    /// ``confirmationLimit`` runs needs `confirmed`; one of more than ``hardLimit`` is refused.
    public init(base: [String: Any], name: String, sets: [String], knownKeys: [String], confirmed: Bool = false) throws {
        guard !sets.isEmpty else { throw LotteryError.config("sweep needs at least one --set KEY=V1,V2,…") }
        var axes: [Axis] = []
        for spec in sets {
            guard let eq = spec.firstIndex(of: "=") else { throw LotteryError.config("--set '\(spec)' needs the form KEY=V1,V2,…") }
            let key = String(spec[..<eq]).trimmingCharacters(in: .whitespaces)
            guard knownKeys.contains(key), key != "name" else {
                throw LotteryError.config("--set key '\(key)' is not a config key (valid: \(knownKeys.filter { $0 != "name" }.sorted().joined(separator: ", ")))")
            }
            if axes.contains(where: { $0.key == key }) { throw LotteryError.config("--set key '\(key)' is given twice") }
            let values = Self.split(String(spec[spec.index(after: eq)...]))
            if values.isEmpty || values.contains(where: { $0.isEmpty }) {
                throw LotteryError.config("--set \(key) has an empty value list or an empty value (form \(key)=V1,V2,…)")
            }
            if Set(values).count != values.count { throw LotteryError.config("--set \(key) lists a value twice") }
            axes.append(Axis(key: key, values: values))
        }
        let count = axes.reduce(1.0) { $0 * Double($1.values.count) }
        if count > Double(Self.hardLimit) { throw LotteryError.config("the grid has \(Int(count)) runs, more than \(Self.hardLimit) (one store file each); split it") }
        if count > Double(Self.confirmationLimit) && !confirmed {
            throw LotteryError.config("the grid has \(Int(count)) runs, more than \(Self.confirmationLimit); pass --yes if you mean it")
        }
        self.baseName = name
        self.axes = axes
        var combos: [[String]] = [[]]
        for axis in axes { combos = combos.flatMap { c in axis.values.map { c + [$0] } } }
        points = try combos.map { values in
            var config = base
            for (axis, text) in zip(axes, values) { config[axis.key] = Self.jsonValue(text) }
            let runName = name + "/" + zip(axes, values).map { "\($0.key)=\(Self.plain($1))" }.joined(separator: ",")
            config["name"] = runName
            let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .withoutEscapingSlashes])
            return Point(name: runName, fileStem: Self.fileStem(runName), configJSON: String(decoding: data, as: UTF8.self))
        }
    }

    /// Grids beyond this many runs are refused even with confirmation.
    public static let hardLimit = 1_000_000

    /// Store file name for a run name.
    public static func fileStem(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || "._=,-+".contains($0) ? $0 : "_" })
    }

    /// Splits a value list at commas outside brackets and quotes (`[0.5,0.75],[0.9]` is two values).
    static func split(_ text: String) -> [String] {
        var values: [String] = [], current = "", depth = 0, quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if !quoted && (c == "[" || c == "{") { depth += 1 }
            if !quoted && (c == "]" || c == "}") { depth -= 1 }
            if c == "," && depth == 0 && !quoted { values.append(current.trimmingCharacters(in: .whitespaces)); current = "" } else { current.append(c) }
        }
        values.append(current.trimmingCharacters(in: .whitespaces))
        return values.count == 1 && values[0].isEmpty ? [] : values
    }

    /// The JSON value of a `--set` value: parsed JSON when it is valid JSON, else the text as a string.
    static func jsonValue(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
    }

    /// A value as written in a run name: strings without quotes, JSON otherwise.
    static func plain(_ text: String) -> String {
        if let s = jsonValue(text) as? String { return s }
        return text.replacingOccurrences(of: " ", with: "")
    }
}
