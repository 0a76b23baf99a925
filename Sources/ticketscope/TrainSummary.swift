import Foundation
import PruningCore
import RunStore

/// The line printed when a training run ends: how it ended, how long it took, and the run-level
/// value of `metric` (test split, in dB) at each target, e.g. "PSNR 25% 31.20 dB, 50% 30.85 dB".
func printTrainingOutcome(_ outcome: PruningDriver.Outcome, run name: String, db: RunStore, seconds: Double, metric: MetricName) throws {
    let info = try db.run(named: name)
    let target = Dictionary(uniqueKeysWithValues: try db.steps(of: info).map { ($0.index, $0.targetSparsity) })
    let values = try db.metrics(of: info, metric: metric, split: .test).filter { $0.subnetwork == nil }
    let label = metric.label
    let summary = values.map { "\(Int((((target[$0.step] ?? nil) ?? 0) * 100).rounded()))% \(fixed($0.value, 2)) dB" }.joined(separator: ", ")
    switch outcome {
    case .complete: print("run '\(name)' complete in \(ProgressBar.duration(seconds)); \(label) \(summary)")
    case .stopped(let why): print("run '\(name)' stopped early after \(ProgressBar.duration(seconds)): \(why); \(label) \(summary)")
    }
}
