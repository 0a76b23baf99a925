import RunStore

/// What a report was made from: the store, the tool's version, and per run its identity, configuration
/// and how many steps it had when the report was written.
public struct ReportProvenance: Sendable {
    /// One run the report read.
    public struct Run: Sendable {
        public let info: RunInfo
        public let stepCount: Int
        /// When its last step was written, if it has one.
        public let lastWritten: String?
    }

    public let databasePath: String
    public let toolVersion: String
    public let runs: [Run]

    /// The provenance of `runs` with their steps (in the same order).
    public init(runs: [RunInfo], steps: [[StepInfo]], databasePath: String, toolVersion: String) {
        self.databasePath = databasePath
        self.toolVersion = toolVersion
        self.runs = zip(runs, steps).map { Run(info: $0, stepCount: $1.count, lastWritten: $1.last?.createdAt) }
    }

    /// The provenance of `runs`, reading their steps from `store`.
    public init(store: RunStore, runs: [RunInfo], toolVersion: String) throws {
        self.init(runs: runs, steps: try runs.map { try store.steps(of: $0) }, databasePath: store.path, toolVersion: toolVersion)
    }

    /// One line describing a run: method, model, dataset, partition, seed, status, creation, steps.
    func summary(_ run: Run) -> ReportText {
        let r = run.info
        var text: ReportText = "Run \(code: r.name): method \(r.method)"
        for (label, value) in [("model", r.model), ("dataset", r.dataset), ("partition", r.partition)] {
            if let value { text += ", \(label) \(value)" }
        }
        if let seed = r.seed { text += ", seed \(seed)" }
        text += ", status \(r.status), created \(r.createdAt), \(run.stepCount) steps"
        if let last = run.lastWritten { text += " (last written \(last))" }
        return text
    }

    /// The run's configuration JSON, nil when it is empty.
    func configuration(_ run: Run) -> String? { run.info.configJSON == "{}" ? nil : run.info.configJSON }
}
