import Foundation
import Testing
import MaskKit
import RunStore
import WordNet
@testable import Classification
import PruningCore

/// A tiny CIFAR-100 in the official binary layout (2 label bytes + 3,072 pixel bytes per record).
private func writeTinyCIFAR100(_ dir: String, perClass: Int) throws {
    let fine = WordNetPreset.cifar100.classNames
    try fine.joined(separator: "\n").write(toFile: dir + "/fine_label_names.txt", atomically: true, encoding: .utf8)
    try (0..<20).map { "coarse\($0)" }.joined(separator: "\n").write(toFile: dir + "/coarse_label_names.txt", atomically: true, encoding: .utf8)
    for (file, n) in [("train.bin", perClass), ("test.bin", 1)] {
        var bytes: [UInt8] = []
        for i in 0..<(100 * n) {
            let label = i % 100
            bytes += [UInt8(label / 5), UInt8(label)]
            bytes += (0..<3072).map { UInt8(truncatingIfNeeded: ($0 * (label + 1) + i * 7) % 251) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + file))
    }
}

@Suite struct CIFAR100ClustersTests {
    @Test func rtlOnTheEightClustersWritesEightSubnetworks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-c100-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try writeTinyCIFAR100(dir, perClass: 4)
        let config = try TrainConfig(json: Data("""
            {"method": "rtl", "dataset": "cifar100", "partition": "clusters", "prune_fraction": 0.5, "target_sparsities": [0.5],
             "extraction_epochs": 1, "retraining_epochs": 1, "batch_size": 8, "learning_rate": 0.001, "seed": 3,
             "validation_fraction": 0.25, "augment": false}
            """.utf8), source: "c100.json")
        let data = try TrainingData.load(config, directory: dir)
        #expect(data.partition.subsets == ["aquatic_animals", "people_and_objects", "mammals", "reptiles_and_insects",
                                           "vehicles", "natural_scenes", "fruits", "flowers"])
        let store = try RunStore(path: dir + "/runs.sqlite", mode: .write)
        #expect(try ClassificationRun(config: config, name: "c100", store: store, data: data).run() == .complete)
        let run = try store.run(named: "c100")
        #expect(try store.subnetworks(of: run).count == 8)
        let steps = try store.steps(of: run)
        #expect(steps.map(\.phase) == ["extract", "retrain"])
        #expect(abs(steps[0].sparsity - 0.5) < 1e-4)
        let masks = try store.masks(of: run, step: 0)
        #expect(masks.count == 8 && masks.allSatisfy { abs($0.sparsity - 0.5) < 1e-4 })
        #expect(try store.metrics(of: run, name: "params").first?.value == Double(try Mask.unionCount(masks)))
    }
}
