/// The data a metric value was measured on (the `metric.split` column, a CHECK constraint in schema
/// version 2). The three experiments use the words as follows; every reader (collapse analysis,
/// `compare`, the reports) takes the first split it finds in the order ``qualityPreference``.
///
/// | split | CIFAR classification (`rtl`, `imp-*`) | INR (`inr-*`) | speech (`speech-*`) |
/// |---|---|---|---|
/// | `train` | — | — | `wsdr`: the mean weighted-SDR training loss of the last epoch, per subnetwork |
/// | `validation` | the held-out `validation_fraction` of the training images, measured after pruning at each extraction step | PSNR on the image's own pixels (an INR has no held-out pixels) of the networks trained under a step's masks, measured in the next iteration before pruning and stored with that step | SI-SNRi on the fixed **test** pairs of each scene, after pruning at each extraction step (no held-out training data) |
/// | `test` | the CIFAR test set, after retraining at each target | PSNR on the image's own pixels after retraining at each target, and `params` | SI-SNRi on the same test pairs after retraining at each target, and `params` |
///
/// So `validation` is the curve along extraction and `test` the result after retraining; only for
/// CIFAR is `validation` data the trained network never saw. Imports may use any of the three.
public enum Split: String, Sendable, CaseIterable, Codable {
    /// Measured on (or during training on) the training data.
    case train
    /// Measured along ticket extraction (see the table above for what data each experiment uses).
    case validation
    /// Measured after retraining at a target sparsity, on each experiment's test data.
    case test

    /// The order readers look for a quality metric in: the extraction curve first, then the
    /// retrained results, then training values.
    public static let qualityPreference: [Split] = [.validation, .test, .train]

    /// The order result tables look for a split in: retrained results first.
    public static let resultPreference: [Split] = [.test, .validation, .train]
}
