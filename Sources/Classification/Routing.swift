import Datasets
import Diagnostics
import Foundation
import MaskKit
import Models
import NN
import PruningCore
import RunStore

/// C-way prediction from K one-vs-rest subnetworks (beyond the paper, which assumes the context
/// label is known at inference).
public enum Routing {
    /// `oracle`: each test image goes to the subnetwork of its true subset, which must claim it
    /// (logit > 0). `argmax`: every subnetwork scores every image and the most confident one wins.
    public enum Mode: String, Sendable, CaseIterable, Codable { case oracle, argmax }

    /// The outcome of routing the test set at one target sparsity.
    public struct Result: Sendable, Codable {
        /// The run evaluated.
        public let run: String
        /// Oracle (each image to its own subnetwork) or arg-max routing.
        public let mode: Mode
        /// The retrained step's target sparsity.
        public let targetSparsity: Double
        /// The subsets, in subnetwork order.
        public let subsets: [String]
        /// Test images routed.
        public let images: Int
        /// Fraction of test images routed correctly (argmax) or claimed by their own subnetwork (oracle).
        public let accuracy: Double
        /// `confusion[true][predicted]` image counts (argmax only).
        public let confusion: [[Int]]?
        /// Per subset: fraction of its images routed to it (argmax) or claimed by its subnetwork (oracle).
        public let perSubsetAccuracy: [Double]
    }

    /// Routes the test images of `data` through the subnetworks retrained at `target` (default: the
    /// last retrained sparsity), using the retrained weights stored with the run.
    public static func evaluate(store: RunStore, run: RunInfo, data: TrainingData, target: Double?, mode: Mode) throws -> Result {
        let config = try TrainConfig(json: Data(run.configJSON.utf8), source: "stored configuration of '\(run.name)'")
        guard config.method != .impSingle else {
            throw LotteryError.unavailable("run '\(run.name)' is imp-single: one C-way classifier, nothing to route between")
        }
        let retrained = try store.steps(of: run).filter { $0.stepPhase == .retrain }
        guard let step = target.map({ t in retrained.last { abs(($0.targetSparsity ?? -1) - t) < 1e-9 } }) ?? retrained.last else {
            let available = retrained.compactMap(\.targetSparsity).map { "\($0)" }.joined(separator: ", ")
            throw LotteryError.unavailable("run '\(run.name)' has no retrained step" + (target.map { " at sparsity \($0)" } ?? "") + (available.isEmpty ? "" : " (retrained at \(available))"))
        }
        let s = step.targetSparsity!
        let masks = try store.masks(of: run, step: step.index)
        let model = try config.makeModel(classes: 1)
        let state = try ModelState(registry: model.registry)
        let training = SubnetworkTraining(model: model, registry: model.registry, data: data, batchSize: config.batchSize,
                                          augmentation: nil, observer: TrainingObserver())
        let shared = try store.checkpoint(.weights(sparsity: s, part: .shared), run: run)
            .map { try ModelCheckpoint.decode($0, what: "shared weights") } ?? [:]
        let indices = data.testIndices
        var scores: [[Float]] = []
        for k in masks.indices {
            let key = CheckpointKey.weights(sparsity: s, part: .subnetwork(k))
            guard let blob = try store.checkpoint(key, run: run) else {
                throw LotteryError.unavailable("run '\(run.name)' has no stored weights '\(key.rawValue)' (runs trained before routing support keep none)")
            }
            try model.registry.load(shared.merging(try ModelCheckpoint.decode(blob, what: key.rawValue)) { _, own in own })
            try state.apply(masks[k])
            scores.append(training.logits(indices, images: data.test).values)
        }
        let truth = indices.map { data.subset(ofLabel: data.test.labels[$0]) }
        let k = masks.count
        var correct = [Int](repeating: 0, count: k), totals = [Int](repeating: 0, count: k)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (i, t) in truth.enumerated() {
            totals[t] += 1
            switch mode {
            case .oracle:
                if scores[t][i] > 0 { correct[t] += 1 }
            case .argmax:
                let p = (0..<k).max { scores[$0][i] < scores[$1][i] }!
                confusion[t][p] += 1
                if p == t { correct[t] += 1 }
            }
        }
        return Result(run: run.name, mode: mode, targetSparsity: s, subsets: data.partition.subsets, images: indices.count,
                      accuracy: Double(correct.reduce(0, +)) / Double(max(indices.count, 1)),
                      confusion: mode == .argmax ? confusion : nil,
                      perSubsetAccuracy: zip(correct, totals).map { $1 == 0 ? 0 : Double($0) / Double($1) })
    }
}
