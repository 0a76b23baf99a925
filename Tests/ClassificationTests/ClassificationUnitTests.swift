import Foundation
import Testing
import MaskKit
import NN
import WordNet
@testable import Classification
import Models
import PruningCore

@Suite struct MagnitudePruningTests {
    @Test func removesTheLowestMagnitudesAmongKeptWeights() throws {
        let layout = try MaskLayout([.init(name: "a", shape: [4]), .init(name: "b", shape: [3])])
        var mask = Mask.full(layout)
        mask.setKept(false, tensor: 0, element: 0)            // already pruned: its tiny weight must not count
        let weights: [[Float]] = [[0.001, -0.5, 0.2, 3], [-0.1, 0.9, 0.2]]
        let pruned = MagnitudePruning.prune(mask, weights: weights, count: 3)
        // Kept magnitudes: 0.5, 0.2, 3, 0.1, 0.9, 0.2 → remove 0.1 (b0), then the tie 0.2: a2 before b2.
        #expect(pruned.popcount == 3)
        #expect(!pruned.isKept(tensor: 1, element: 0) && !pruned.isKept(tensor: 0, element: 2) && !pruned.isKept(tensor: 1, element: 2))
        #expect(pruned.isKept(tensor: 0, element: 1) && pruned.isKept(tensor: 0, element: 3) && pruned.isKept(tensor: 1, element: 1))
        #expect(!pruned.isKept(tensor: 0, element: 0))
        #expect(MagnitudePruning.prune(mask, weights: weights, count: 100).popcount == 0)
        #expect(MagnitudePruning.prune(mask, weights: weights, count: 0) == mask)
    }
}

@Suite struct PruningScheduleTests {
    @Test func hitsEveryTargetExactly() {
        let s = PruningSchedule(weightsPerIteration: 4096, fractionPerIteration: nil, targetSparsities: [0.25, 0.5, 0.75])
        let total = 125_832
        var kept = total, iterations = 0
        var reached: [Double] = []
        while case let r = s.nextRemoval(total: total, kept: kept), r > 0 {
            #expect(r <= 4096)
            kept -= r; iterations += 1
            if let t = s.reachedTarget(total: total, kept: kept) { reached.append(t) }
        }
        #expect(reached == [0.25, 0.5, 0.75])
        #expect(total - kept == Int((0.75 * Double(total)).rounded()))
        #expect(iterations == 24)   // each 31,458-weight quarter: 7 full steps of 4,096 and one of 2,786
        let f = PruningSchedule(weightsPerIteration: nil, fractionPerIteration: 0.2, targetSparsities: [0.5])
        #expect(f.nextRemoval(total: 1000, kept: 1000) == 200)
        #expect(f.nextRemoval(total: 1000, kept: 640) == 128)
        #expect(f.nextRemoval(total: 1000, kept: 512) == 12)
    }
}

@Suite struct PartitionTests {
    @Test func cifar100ClustersCoverEveryClassOnce() throws {
        let names = WordNetPreset.cifar100.classNames
        let p = try Partition.cifar100Clusters(classNames: names)
        #expect(p.subsets.count == 8)
        #expect(p.subsetOfClass.count == 100)
        let sizes = (0..<8).map { k in p.subsetOfClass.filter { $0 == k }.count }
        #expect(sizes.reduce(0, +) == 100)
        #expect(Set(sizes) == [9, 28, 22, 15, 8, 9, 4, 5])
    }

    @Test func customMapsAreChecked() throws {
        let names = ["cat", "dog", "truck"]
        let p = try Partition.custom(["cat": "animal", "dog": "animal", "truck": "vehicle"], classNames: names)
        #expect(p.subsets == ["animal", "vehicle"] && p.subsetOfClass == [0, 0, 1])
        #expect(throws: LotteryError.self) { try Partition.custom(["cat": "a", "dog": "a"], classNames: names) }
        #expect(throws: LotteryError.self) { try Partition.custom(["cat": "a", "dog": "a", "truck": "b", "horse": "a"], classNames: names) }
    }
}

@Suite struct TrainConfigTests {
    let valid = """
        {"method": "rtl", "dataset": "synthetic", "partition": "class", "prune_weights": 4096,
         "target_sparsities": [0.25, 0.5], "extraction_epochs": 1, "retraining_epochs": 1, "batch_size": 32,
         "learning_rate": 0.001, "seed": 1, "validation_fraction": 0.1, "augment": false}
        """

    func parse(_ text: String) throws -> TrainConfig { try TrainConfig(json: Data(text.utf8), source: "c.json") }

    @Test func parsesAValidConfig() throws {
        let c = try parse(valid)
        #expect(c.method == .rtl && c.targetSparsities == [0.25, 0.5] && c.pruneWeights == 4096)
        #expect(try parse(c.canonicalJSON) == c)
    }

    @Test func modelNamesARegisteredClassifierAndIsLeftOutOfTheStoredConfigWhenDefault() throws {
        let plain = try parse(valid)
        #expect(plain.model == nil && !plain.canonicalJSON.contains("model"))
        #expect(try plain.modelRegistration().name == "ghostnet-lite")
        let named = try parse(valid.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 1, \"model\": \"ghostnet-lite\""))
        #expect(try named.makeModel(classes: 1).registry.prunableCount == 125_832)
        // Naming the default is the same run as leaving it out.
        #expect(named.canonicalJSON == plain.canonicalJSON)
        #expect(TrainConfig.defaultModel == ModelRegistry.defaultModel(for: .imageClassification).name)
        let resnet = try parse(valid.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 1, \"model\": \"resnet-20\""))
        #expect(resnet.canonicalJSON.contains("\"model\":\"resnet-20\""))
        #expect(try resnet.makeModel(classes: 1).registry.prunableCount == 270_256 + 64)
        let unknown = try parse(valid.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 1, \"model\": \"resnet-9000\""))
        #expect(throws: LotteryError.config("'c.json': unknown model 'resnet-9000' (image classifiers: \(ModelRegistry.models(for: .imageClassification).map(\.name).joined(separator: ", ")))")) {
            try unknown.modelRegistration(source: "c.json")
        }
    }

    @Test(arguments: [
        ("\"batch_size\": 32", "\"batch_size\": 32, \"bogus\": 1", "unknown key 'bogus'"),
        ("[0.25, 0.5]", "[0.25, 1.0]", "target sparsity 1.0"),
        ("[0.25, 0.5]", "[0.5, 0.25]", "increasing"),
        ("\"batch_size\": 32", "\"batch_size\": 33", "even"),
        ("\"prune_weights\": 4096,", "", "exactly one of prune_weights"),
        ("\"method\": \"rtl\"", "\"method\": \"magic\"", "method"),
        ("\"partition\": \"class\"", "\"partition\": \"clusters\"", "cifar100"),
        ("\"seed\": 1,", "", "missing key 'seed'"),
        ("\"learning_rate\": 0.001", "\"learning_rate\": -1", "learning_rate"),
    ])
    func rejectsBadConfigs(from: String, to: String, fragment: String) {
        do {
            _ = try parse(valid.replacingOccurrences(of: from, with: to))
            Issue.record("accepted: \(to)")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
            #expect("\(error)".hasPrefix("config: 'c.json'"))
        }
    }
}

@Suite struct BalancedBatchesTests {
    @Test func halfPositivesEveryPositiveOnce() {
        var g = SeededGenerator(seed: 3)
        let b = BalancedBatches(positives: Array(0..<10), negatives: Array(100..<130), batchSize: 8, generator: &g)
        #expect(b.batches.count == 3)
        let pos = b.batches.flatMap { zip($0.indices, $0.targets).filter { $0.1 == 1 }.map(\.0) }
        #expect(pos.sorted() == Array(0..<10))
        for batch in b.batches {
            #expect(batch.targets.filter { $0 == 1 }.count == batch.targets.filter { $0 == 0 }.count)
            #expect(zip(batch.indices, batch.targets).allSatisfy { ($0.0 < 100) == ($0.1 == 1) })
        }
    }
}

@Suite struct ModelCheckpointTests {
    @Test func roundTripsAndRejectsTruncatedBlobs() throws {
        let state: [String: [Float]] = ["fc.weight": [1, -2.5, .pi], "fc.bias": [0], "empty": []]
        let blob = ModelCheckpoint.encode(state)
        #expect(try ModelCheckpoint.decode(blob, what: "t") == state)
        #expect(ModelCheckpoint.encode(state) == blob)
        #expect(throws: LotteryError.self) { try ModelCheckpoint.decode(blob.prefix(blob.count - 2), what: "t") }
    }
}
