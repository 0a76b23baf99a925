import RunStore

/// The closing "Provenance" section of every report: what it was made from.
enum Provenance {
    static func section(runs: [RunInfo], steps: [[StepInfo]], databasePath: String, toolVersion: String) -> String {
        var out = "## Provenance\n\n"
        out += "- Database: `\(databasePath)`\n"
        out += "- TicketScope \(toolVersion)\n"
        for (r, s) in zip(runs, steps) {
            out += "- Run `\(r.name)`: method \(r.method)"
            for (label, value) in [("model", r.model), ("dataset", r.dataset), ("partition", r.partition)] {
                if let value { out += ", \(label) \(value)" }
            }
            if let seed = r.seed { out += ", seed \(seed)" }
            out += ", status \(r.status), created \(r.createdAt), \(s.count) steps"
            if let last = s.last { out += " (last written \(last.createdAt))" }
            out += "\n"
            if r.configJSON != "{}" { out += "\n  Configuration:\n\n  ```json\n  \(r.configJSON)\n  ```\n" }
        }
        return out
    }
}
