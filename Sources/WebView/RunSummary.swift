import RunStore

/// One row of the runs page: what a researcher scans to pick a run.
struct RunSummary {
    let info: RunInfo
    let steps: Int
    let lastSparsity: Double?
    /// The best value over the steps of the run's quality metric (balanced accuracy, PSNR or SI-SNRi),
    /// run-level where stored, else the mean over subnetworks; with the metric's name.
    let bestQuality: (metric: String, value: Double)?

    /// The quality metrics, in the order they are looked for (higher is better for each).
    static let qualityMetrics = ["balanced_accuracy", "psnr", "si_snri"]

    init(store: RunStore, run: RunInfo) throws {
        info = run
        let steps = try store.steps(of: run)
        self.steps = steps.count
        lastSparsity = steps.last?.sparsity
        let metrics = try store.metrics(of: run)
        guard let name = Self.qualityMetrics.first(where: { n in metrics.contains { $0.name == n } }) else {
            bestQuality = nil
            return
        }
        let rows = metrics.filter { $0.name == name }
        let split = ["test", "validation", "train"].first { s in rows.contains { $0.split == s } }
        var best: Double?
        for step in Set(rows.map(\.step)) {
            let atStep = rows.filter { $0.step == step && $0.split == split }
            let value = atStep.first(where: { $0.subnetwork == nil })?.value
                ?? (atStep.isEmpty ? nil : atStep.map(\.value).reduce(0, +) / Double(atStep.count))
            if let value, value.isFinite, value > (best ?? -.infinity) { best = value }
        }
        bestQuality = best.map { (name, $0) }
    }
}
