import Foundation
import RunStore

/// Reads metric values from CSV for a run: header `step,subnetwork,split,name,value`; `step` is a
/// step index of the run, `subnetwork` a subnetwork name (empty for run-level values such as
/// macro averages or `params`), `split` one of train, validation, test, `name` a ``MetricName``
/// (others only with `allowCustom`), `value` a finite number, in [0, 1] for fractions.
public enum MetricsCSV {
    /// Parses and checks every row against the run's steps and subnetworks.
    public static func parse(_ text: String, source: String, steps: [StepInfo], subnetworks: [SubnetworkInfo],
                             allowCustom: Bool = false) throws -> [MetricValue] {
        var lines = text.split(whereSeparator: \.isNewline).map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { throw ImportError(file: source, "is empty; expected the header step,subnetwork,split,name,value") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard header == ["step", "subnetwork", "split", "name", "value"] else {
            throw ImportError(file: source, "header must be 'step,subnetwork,split,name,value', found '\(header.joined(separator: ","))'")
        }
        let stepIndices = Set(steps.map(\.index))
        let subIndex = Dictionary(uniqueKeysWithValues: subnetworks.map { ($0.name, $0.index) })
        var seen = Set<String>()
        return try lines.enumerated().map { n, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let at = "line \(n + 2)"
            guard f.count == 5 else { throw ImportError(file: source, "\(at): expected 5 fields, found \(f.count)") }
            guard let step = Int(f[0]), stepIndices.contains(step) else {
                throw ImportError(file: source, "\(at): step '\(f[0])' is not a step of the run (steps \(steps.map(\.index).min() ?? 0)…\(steps.map(\.index).max() ?? 0))")
            }
            var sub: Int?
            if !f[1].isEmpty {
                guard let s = subIndex[f[1]] else { throw ImportError(file: source, "\(at): unknown subnetwork '\(f[1])'") }
                sub = s
            }
            guard !f[2].isEmpty, !f[3].isEmpty else { throw ImportError(file: source, "\(at): split and name must not be empty") }
            guard Split(rawValue: f[2]) != nil else {
                let hint = Split.meant(by: f[2]).map { "; did you mean '\($0.rawValue)'?" } ?? ""
                throw ImportError(file: source, "\(at): unknown split '\(f[2])' (splits: \(Split.allCases.map(\.rawValue).joined(separator: ", "))\(hint))")
            }
            let known = MetricName(rawValue: f[3])
            if known == nil, !allowCustom {
                let hint = MetricName.meant(by: f[3]).map { "did you mean '\($0.rawValue)'? " } ?? ""
                throw ImportError(file: source, "\(at): unknown metric '\(f[3])' (\(hint)known: \(MetricName.recorded.map(\.rawValue).joined(separator: ", ")), si_snri.<scene>; pass --allow-custom to store other names)")
            }
            guard let value = Double(f[4]), value.isFinite else { throw ImportError(file: source, "\(at): value '\(f[4])' is not a finite number") }
            if let known, known.isFraction, !(0...1).contains(value) {
                let hint = value > 1 && value <= 100 ? "; a percentage? write \(value / 100)" : ""
                throw ImportError(file: source, "\(at): \(known.rawValue) \(f[4]) is outside [0, 1]\(hint)")
            }
            if known == .params, value < 0 { throw ImportError(file: source, "\(at): params \(f[4]) is negative") }
            guard seen.insert("\(step)|\(f[1])|\(f[2])|\(f[3])").inserted else {
                throw ImportError(file: source, "\(at): a second value for step \(step), subnetwork '\(f[1])', \(f[2]) \(f[3])")
            }
            return MetricValue(step: step, subnetwork: sub, split: f[2], name: f[3], value: value)
        }
    }

    /// The values that would overwrite a stored value with the same step, subnetwork, split and name.
    public static func overwrites(_ values: [MetricValue], existing: [MetricValue]) -> [MetricValue] {
        func key(_ m: MetricValue) -> String { "\(m.step)|\(m.subnetwork ?? -1)|\(m.split)|\(m.name)" }
        let stored = Set(existing.map(key))
        return values.filter { stored.contains(key($0)) }
    }

    /// Writes values as CSV (the format ``parse(_:source:steps:subnetworks:)`` reads).
    public static func format(_ values: [MetricValue], subnetworks: [SubnetworkInfo]) -> String {
        let names = Dictionary(uniqueKeysWithValues: subnetworks.map { ($0.index, $0.name) })
        return "step,subnetwork,split,name,value\n" + values.map {
            "\($0.step),\($0.subnetwork.flatMap { names[$0] } ?? ""),\($0.split),\($0.name),\($0.value)"
        }.joined(separator: "\n") + "\n"
    }
}
