/// The phase of training a step belongs to (the `step.phase` column, a CHECK constraint in schema
/// version 2).
public enum StepPhase: String, Sendable, CaseIterable {
    /// A pruning step of ticket extraction (Alg. 1).
    case extract
    /// A step after retraining at a target sparsity (Alg. 2).
    case retrain
    /// A final step after the schedule (no trainer here writes one; run comparison reads it like `retrain`).
    case final
    /// A step imported from files.
    case imported

    /// The phases whose steps trace pruning (what similarity histories and collapse analysis read):
    /// extraction steps, and imported steps, which are assumed to be pruning steps.
    public static let pruning: Set<String> = [StepPhase.extract.rawValue, StepPhase.imported.rawValue]

    /// True for steps whose networks were retrained at a target (`retrain`, `final`): the steps
    /// result tables report.
    public var isRetrained: Bool { self == .retrain || self == .final }
}
