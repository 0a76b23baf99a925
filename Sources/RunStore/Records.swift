import MaskKit

/// What a new run is made of.
public struct NewRun: Sendable, Equatable {
    /// The run's name, unique in the store.
    public var name: String
    /// `rtl`, `imp-single`, `imp-multi`, `imported`, ...
    public var method: String
    /// The model architecture, e.g. `ghostnet-lite`.
    public var model: String?
    /// The dataset, e.g. `cifar10`.
    public var dataset: String?
    /// How the data is split into subnetworks: `class`, `clusters`, `regions`, `environments`, or a custom map name.
    public var partition: String?
    /// The run's full configuration as JSON text.
    public var configJSON: String
    /// The random seed, when the run has one.
    public var seed: Int64?

    /// A run with these columns; `configJSON` defaults to the empty object.
    public init(name: String, method: String, model: String? = nil, dataset: String? = nil,
                partition: String? = nil, configJSON: String = "{}", seed: Int64? = nil) {
        self.name = name; self.method = method; self.model = model; self.dataset = dataset
        self.partition = partition; self.configJSON = configJSON; self.seed = seed
    }
}

/// A stored run.
public struct RunInfo: Sendable, Equatable {
    /// The `run.id` row id, which other tables refer to.
    public let id: Int64
    /// The run's name, unique in the store.
    public let name: String
    /// `rtl`, `imp-single`, `imp-multi`, `imported`, ... (``RunMethod``).
    public let method: String
    /// The model architecture, e.g. `ghostnet-lite`.
    public let model: String?
    /// The dataset, e.g. `cifar10`.
    public let dataset: String?
    /// How the data is split into subnetworks (`class`, `clusters`, `regions`, `environments`, ...).
    public let partition: String?
    /// The run's full configuration as JSON text.
    public let configJSON: String
    /// The random seed, when the run has one.
    public let seed: Int64?
    /// `running`, `complete`, `stopped`, `failed`, `imported`, `interrupted` (``RunStatus``).
    public let status: String
    /// When the run was created (ISO 8601 UTC).
    public let createdAt: String
    /// SHA-256 (hex) of the decoded configuration with defaults applied; nil for imports and version-1 runs.
    public let configHash: String?
}

/// The closed set of `run.status` values (a CHECK constraint in schema version 2).
public enum RunStatus: String, Sendable, CaseIterable {
    /// Being trained (or killed before it could record its end).
    case running
    /// Trained through its whole schedule.
    case complete
    /// Ended early by its stop rule (`--resume --extend` continues it).
    case stopped
    /// Training ended with an error.
    case failed
    /// Masks imported from files, not trained here.
    case imported
    /// Stopped by a signal (Ctrl-C, SIGTERM, SIGHUP); `train` resumes it.
    case interrupted
}

/// The closed set of `event.kind` values (a CHECK constraint in schema version 2).
public enum EventKind: String, Sendable, CaseIterable {
    /// The run's stop rule fired at this step; training stopped.
    case earlyStop = "early_stop"
    /// A collapse onset was recorded.
    case collapseOnset = "collapse_onset"
    /// Training resumed an unfinished run.
    case resume
    /// An error, recorded with its message.
    case error
    /// Training was stopped by a signal; the step in progress was abandoned.
    case interrupted
    /// A run its stop rule stopped was continued (`--resume --extend`).
    case extend
    /// A writer took over an abandoned write lease.
    case leaseTakeover = "lease_takeover"
    /// Progress of an import (JSON detail: begin, each stored step, end; ``ImportJournal``).
    case `import`
    /// A step was deleted.
    case delete
    /// A step's masks were replaced (`import --replace`).
    case replace
}

/// One subnetwork of a run (a class, cluster, region or environment; one for IMP single).
public struct SubnetworkInfo: Sendable, Equatable {
    /// Its position in the run's subnetwork order, from 0.
    public let index: Int
    /// Its name, e.g. a class name.
    public let name: String
    /// A WordNet synset name such as `cat.n.01`, when known.
    public let synset: String?

    /// A subnetwork at `index` named `name`, with its WordNet synset if known.
    public init(index: Int, name: String, synset: String? = nil) {
        self.index = index; self.name = name; self.synset = synset
    }
}

/// The phase of training a step belongs to.
public enum StepPhase: String, Sendable, CaseIterable {
    /// A pruning step of ticket extraction (Alg. 1).
    case extract
    /// A step after retraining at a target sparsity (Alg. 2).
    case retrain
    /// A final step after the schedule (no trainer here writes one; run comparison reads it like `retrain`).
    case final
    /// A step imported from files.
    case imported
}

/// A stored sparsity step.
public struct StepInfo: Sendable, Equatable {
    /// The step number within its run, from 0; never reused or renumbered.
    public let index: Int
    /// `extract`, `retrain`, `final` or `imported` (``StepPhase``).
    public let phase: String
    /// The sparsity the schedule aimed at, if any.
    public let targetSparsity: Double?
    /// Mean over subnetworks of the fraction of prunable weights removed.
    public let sparsity: Double
    /// When the step was written (ISO 8601 UTC).
    public let createdAt: String
}

/// One metric value; `subnetwork` nil means the whole run (e.g. a macro average).
public struct MetricValue: Sendable, Equatable {
    /// The step the value belongs to.
    public var step: Int
    /// The subnetwork's index, nil for a run-level value.
    public var subnetwork: Int?
    /// `train`, `validation`, `test`.
    public var split: String
    /// The metric's name, e.g. `balanced_accuracy`, `psnr`, `params`.
    public var name: String
    /// The value (finite).
    public var value: Double

    /// A value of metric `name` on `split` at `step`, for `subnetwork` (nil: the whole run).
    public init(step: Int, subnetwork: Int?, split: String, name: String, value: Double) {
        self.step = step; self.subnetwork = subnetwork; self.split = split; self.name = name; self.value = value
    }
}

/// A recorded event (early stop, collapse onset, resume, error, ...).
public struct EventInfo: Sendable, Equatable {
    /// The step it happened at, nil when it concerns the run as a whole.
    public let step: Int?
    /// One of ``EventKind``'s raw values, e.g. `early_stop`.
    public let kind: String
    /// Free text (or JSON, for `import` events) saying what happened.
    public let detail: String
    /// When it happened (ISO 8601 UTC).
    public let at: String
}

/// Everything one sparsity step writes, committed in one transaction.
public struct StepWrite: Sendable {
    /// The training phase the step belongs to.
    public var phase: StepPhase
    /// The sparsity the schedule aimed at, if any.
    public var targetSparsity: Double?
    /// One mask per subnetwork, in subnetwork order, over the run's layout.
    public var masks: [Mask]
    /// Metrics of this step as (subnetwork, split, name, value).
    public var metrics: [(subnetwork: Int?, split: String, name: String, value: Double)]
    /// Events of this step as (kind, detail).
    public var events: [(kind: String, detail: String)]

    /// A step of `masks`, optionally with its metrics and events.
    public init(phase: StepPhase, targetSparsity: Double? = nil, masks: [Mask],
                metrics: [(subnetwork: Int?, split: String, name: String, value: Double)] = [],
                events: [(kind: String, detail: String)] = []) {
        self.phase = phase; self.targetSparsity = targetSparsity; self.masks = masks
        self.metrics = metrics; self.events = events
    }
}
