/// The closed set of `run_cost.phase` values (a CHECK constraint in schema version 2).
public enum CostPhase: String, Sendable, CaseIterable {
    /// Ticket extraction: training and pruning (Alg. 1).
    case extract
    /// Retraining at the target sparsities (Alg. 2).
    case retrain
    /// Importing masks from files.
    case `import`
}
