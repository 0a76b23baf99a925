/// The phases in which a run draws random numbers. Every phase × iteration × subnetwork gets its own
/// seed from the run's seed (``PruningDriver/seed(_:phase:iteration:subnetwork:)``), independent of
/// what ran before, so a resumed run draws exactly the numbers an uninterrupted one would.
public enum SeedPhase: UInt64, Sendable, CaseIterable {
    /// Alg. 1: training a subnetwork from θ0 under its mask before pruning it.
    case extraction = 1
    /// Retraining one model alone at a target sparsity (the IMP baselines).
    case retraining = 2
    /// Alg. 2: joint retraining of all subnetworks at a target sparsity.
    case jointRetraining = 3
    /// Building a data set: drawing what its examples are made of (the speech experiment's mixtures).
    case dataSynthesis = 10

    /// The iteration key of a target sparsity in seeds: round(1000 × `target`) (0.75 → 750).
    public static func key(target: Double) -> Int { Int((target * 1000).rounded()) }
}

/// A target sparsity as a percentage label for progress lines ("retrain 29%" for 0.29).
public func percentLabel(_ sparsity: Double) -> String { "\(Int((sparsity * 100).rounded()))%" }
