import Diagnostics
import MaskKit
import RegionImages
import RunStore

/// What the INR report reads from one INR run (paper appendix C): PSNR and similarity along the
/// pruning steps, results at each target sparsity, and the stored pictures.
struct INRRunResults {
    let run: RunInfo
    /// The image name (`inr:NAME` in the run's dataset field).
    let image: String
    let regionNames: [String]
    /// Pruning steps: sparsity, whole-image PSNR of the pruned network, mean off-diagonal Jaccard (nil with one mask).
    let sparsity: [Double]
    let psnr: [Double?]
    let meanJaccard: [Double?]
    /// Collapse diagnosis with region PSNR as the quality metric (nil with one mask).
    let collapse: CollapseReport?
    /// At each target: whole-image PSNR, #params, per-region PSNR and per-region mean Jaccard.
    let targets: [Double: TargetResult]
    let target: RGBRaster?

    struct TargetResult {
        let psnr: Double?
        let params: Double?
        let regionPSNR: [Double?]
        let regionJaccard: [Double?]
        let reconstruction: RGBRaster?
    }

    static func load(store: RunStore, run: RunInfo, detector: OnsetDetector) throws -> INRRunResults {
        let steps = try store.steps(of: run)
        let metrics = try store.metrics(of: run)
        let subnetworks = try store.subnetworks(of: run)
        let history = try SimilarityHistory(store: store, run: run, phases: SimilarityHistory.pruningPhases)
        let psnr = history.steps.map { s in metrics.first { $0.step == s.step && $0.subnetwork == nil && $0.metric == .psnr }?.value }
        let jaccard = history.steps.map { $0.global.meanOffDiagonal }
        let collapse = subnetworks.count >= 2 && !history.steps.isEmpty
            ? try CollapseAnalysis.analyse(history: history, metrics: metrics, metric: MetricName.psnr.rawValue, detector: detector) : nil
        let retrained = try SimilarityHistory(store: store, run: run, phases: [StepPhase.retrain.rawValue])
        var targets: [Double: TargetResult] = [:]
        for step in steps where step.stepPhase == .retrain {
            guard let t = step.targetSparsity else { continue }
            let at = metrics.filter { $0.step == step.index && $0.split == Split.test.rawValue }
            let similarity = retrained.steps.first { $0.step == step.index }
            targets[t] = TargetResult(
                psnr: at.first { $0.subnetwork == nil && $0.metric == .psnr }?.value,
                params: at.first { $0.subnetwork == nil && $0.metric == .params }?.value,
                regionPSNR: subnetworks.map { s in at.first { $0.subnetwork == s.index && $0.metric == .psnr }?.value },
                regionJaccard: subnetworks.map { s in subnetworks.count >= 2 ? similarity?.global.meanJaccard(to: s.index) : nil },
                reconstruction: try store.checkpoint(.reconstruction(sparsity: t), run: run).flatMap { RGBRaster(encoded: $0) })
        }
        let image = run.dataset.map { $0.hasPrefix("inr:") ? String($0.dropFirst(4)) : $0 } ?? run.name
        return INRRunResults(run: run, image: image, regionNames: subnetworks.map(\.name), sparsity: history.steps.map(\.sparsity),
                             psnr: psnr, meanJaccard: jaccard, collapse: collapse, targets: targets,
                             target: try store.checkpoint(.target, run: run).flatMap { RGBRaster(encoded: $0) })
    }
}
