import MaskKit

/// What a new run is made of.
public struct NewRun: Sendable, Equatable {
    public var name: String
    /// `rtl`, `imp-single`, `imp-multi`, `imported`, ...
    public var method: String
    public var model: String?
    public var dataset: String?
    public var partition: String?
    /// The run's full configuration as JSON text.
    public var configJSON: String
    public var seed: Int64?

    public init(name: String, method: String, model: String? = nil, dataset: String? = nil,
                partition: String? = nil, configJSON: String = "{}", seed: Int64? = nil) {
        self.name = name; self.method = method; self.model = model; self.dataset = dataset
        self.partition = partition; self.configJSON = configJSON; self.seed = seed
    }
}

/// A stored run.
public struct RunInfo: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let method: String
    public let model: String?
    public let dataset: String?
    public let partition: String?
    public let configJSON: String
    public let seed: Int64?
    /// `running`, `complete`, `stopped`, `failed`, `imported`, `interrupted` (``RunStatus``).
    public let status: String
    public let createdAt: String
    /// SHA-256 (hex) of the decoded configuration with defaults applied; nil for imports and version-1 runs.
    public let configHash: String?
}

/// The closed set of `run.status` values (a CHECK constraint in schema version 2).
public enum RunStatus: String, Sendable, CaseIterable {
    case running, complete, stopped, failed, imported, interrupted
}

/// The closed set of `event.kind` values (a CHECK constraint in schema version 2).
public enum EventKind: String, Sendable, CaseIterable {
    case earlyStop = "early_stop", collapseOnset = "collapse_onset", resume, error, interrupted, extend
    case leaseTakeover = "lease_takeover", `import`, delete, replace
}

/// One subnetwork of a run (a class, cluster, region or environment; one for IMP single).
public struct SubnetworkInfo: Sendable, Equatable {
    public let index: Int
    public let name: String
    /// A WordNet synset name such as `cat.n.01`, when known.
    public let synset: String?

    public init(index: Int, name: String, synset: String? = nil) {
        self.index = index; self.name = name; self.synset = synset
    }
}

/// The phase of training a step belongs to.
public enum StepPhase: String, Sendable, CaseIterable {
    case extract, retrain, final, imported
}

/// A stored sparsity step.
public struct StepInfo: Sendable, Equatable {
    public let index: Int
    public let phase: String
    /// The sparsity the schedule aimed at, if any.
    public let targetSparsity: Double?
    /// Mean over subnetworks of the fraction of prunable weights removed.
    public let sparsity: Double
    public let createdAt: String
}

/// One metric value; `subnetwork` nil means the whole run (e.g. a macro average).
public struct MetricValue: Sendable, Equatable {
    public var step: Int
    public var subnetwork: Int?
    /// `train`, `validation`, `test`.
    public var split: String
    public var name: String
    public var value: Double

    public init(step: Int, subnetwork: Int?, split: String, name: String, value: Double) {
        self.step = step; self.subnetwork = subnetwork; self.split = split; self.name = name; self.value = value
    }
}

/// A recorded event (early stop, collapse onset, resume, error, ...).
public struct EventInfo: Sendable, Equatable {
    public let step: Int?
    public let kind: String
    public let detail: String
    public let at: String
}

/// Everything one sparsity step writes, committed in one transaction.
public struct StepWrite: Sendable {
    public var phase: StepPhase
    public var targetSparsity: Double?
    /// One mask per subnetwork, in subnetwork order, over the run's layout.
    public var masks: [Mask]
    /// Metrics of this step as (subnetwork, split, name, value).
    public var metrics: [(subnetwork: Int?, split: String, name: String, value: Double)]
    /// Events of this step as (kind, detail).
    public var events: [(kind: String, detail: String)]

    public init(phase: StepPhase, targetSparsity: Double? = nil, masks: [Mask],
                metrics: [(subnetwork: Int?, split: String, name: String, value: Double)] = [],
                events: [(kind: String, detail: String)] = []) {
        self.phase = phase; self.targetSparsity = targetSparsity; self.masks = masks
        self.metrics = metrics; self.events = events
    }
}
