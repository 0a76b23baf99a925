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
    /// The run's identity: FNV-1a 64 (16 hex digits) of the canonical JSON of its decoded configuration with
    /// every default applied (`run.config_hash`); nil for imports.
    public var configHash: String?

    /// A run with these columns; `configJSON` defaults to the empty object.
    public init(name: String, method: String, model: String? = nil, dataset: String? = nil,
                partition: String? = nil, configJSON: String = "{}", seed: Int64? = nil, configHash: String? = nil) {
        self.name = name; self.method = method; self.model = model; self.dataset = dataset
        self.partition = partition; self.configJSON = configJSON; self.seed = seed; self.configHash = configHash
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
    /// FNV-1a 64 (16 hex digits) of the decoded configuration with defaults applied; nil for imports and runs
    /// created before TicketScope stored it.
    public let configHash: String?

    /// The method as a ``RunMethod``; nil for a name this version does not know.
    public var runMethod: RunMethod? { RunMethod(rawValue: method) }
    /// The status as a ``RunStatus``; nil for a value outside the closed set (possible in version-1 files).
    public var runStatus: RunStatus? { RunStatus(rawValue: status) }
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

    /// The phase as a ``StepPhase``; nil for a value outside the closed set (possible in version-1 files).
    public var stepPhase: StepPhase? { StepPhase(rawValue: phase) }
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

    /// A value of metric `name` on `split` at `step`, for `subnetwork` (nil: the whole run). `name`
    /// may be a custom name (`import-metrics --allow-custom`).
    public init(step: Int, subnetwork: Int?, split: String, name: String, value: Double) {
        self.step = step; self.subnetwork = subnetwork; self.split = split; self.name = name; self.value = value
    }

    /// A value of a known metric.
    public init(step: Int, subnetwork: Int?, split: Split, metric: MetricName, value: Double) {
        self.init(step: step, subnetwork: subnetwork, split: split.rawValue, name: metric.rawValue, value: value)
    }

    /// The metric as a ``MetricName``; nil for a custom name.
    public var metric: MetricName? { MetricName(rawValue: name) }
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
    /// Metrics of this step as (subnetwork or nil for the run, split, name, value).
    public var metrics: [(subnetwork: Int?, split: Split, name: MetricName, value: Double)]
    /// Events of this step as (kind, detail).
    public var events: [(kind: EventKind, detail: String)]

    /// A step of `masks`, optionally with its metrics and events.
    public init(phase: StepPhase, targetSparsity: Double? = nil, masks: [Mask],
                metrics: [(subnetwork: Int?, split: Split, name: MetricName, value: Double)] = [],
                events: [(kind: EventKind, detail: String)] = []) {
        self.phase = phase; self.targetSparsity = targetSparsity; self.masks = masks
        self.metrics = metrics; self.events = events
    }
}
