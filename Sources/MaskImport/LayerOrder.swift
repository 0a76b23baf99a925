import Foundation
import MaskKit

/// The order (and optionally the depth group) of a network's prunable layers, for files whose
/// key order does not follow the network (safetensors headers are usually sorted by name).
///
/// Text form, one layer per line, shallowest first: `name` or `name group` with group one of
/// `shallow`, `middle`, `deep`; blank lines and lines starting with `#` are ignored.
public struct LayerOrder: Sendable, Equatable {
    /// Layer names, shallowest first.
    public let names: [String]
    /// Explicit groups by layer name.
    public let groups: [String: LayerGroup]

    public init(names: [String], groups: [String: LayerGroup] = [:]) {
        self.names = names; self.groups = groups
    }

    /// Parses the text form (see the type's documentation).
    public init(text: String, source: String) throws {
        var names: [String] = [], groups: [String: LayerGroup] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count <= 2 else { throw ImportError(file: source, "line \(n + 1): expected 'layer [shallow|middle|deep]'") }
            guard !names.contains(parts[0]) else { throw ImportError(file: source, "line \(n + 1): layer '\(parts[0])' listed twice") }
            names.append(parts[0])
            if parts.count == 2 {
                guard let g = LayerGroup(rawValue: parts[1]) else {
                    throw ImportError(file: source, "line \(n + 1): unknown group '\(parts[1])' (use shallow, middle or deep)")
                }
                groups[parts[0]] = g
            }
        }
        guard !names.isEmpty else { throw ImportError(file: source, "lists no layers") }
        self.init(names: names, groups: groups)
    }

    /// Reads the text form from a file.
    public init(contentsOf path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ImportError(file: path, "cannot read the layer-order file")
        }
        try self.init(text: text, source: path)
    }
}
