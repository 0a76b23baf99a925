import Datasets
import Foundation
import PruningCore

/// The images a run trains, validates and tests on, and how they are partitioned into subsets.
public struct TrainingData: Sendable {
    /// The training images (training and validation indices point into it).
    public let train: LabeledImages
    /// The test images.
    public let test: LabeledImages
    /// Training-image indices used for training, and held out for validation.
    public let trainIndices: [Int]
    /// Training-image indices held out for validation.
    public let validationIndices: [Int]
    /// Test-image indices evaluated (at most `test_images_per_class` per class).
    public let testIndices: [Int]
    /// How classes map to subsets (one subnetwork each).
    public let partition: Partition
    /// Per-channel mean and standard deviation of the training images.
    public let normalization: ChannelNormalization
    /// Where the images came from (a directory, or "generated").
    public let source: String

    /// The subset of an image's class.
    public func subset(ofLabel label: Int) -> Int { partition.subsetOfClass[label] }

    /// Indices of `indices` whose class is in subset `k`, and those whose class is not.
    public func split(_ indices: [Int], images: LabeledImages, subset k: Int) -> (positives: [Int], negatives: [Int]) {
        var pos: [Int] = [], neg: [Int] = []
        for i in indices { if partition.subsetOfClass[images.labels[i]] == k { pos.append(i) } else { neg.append(i) } }
        return (pos, neg)
    }

    /// Loads the dataset a config names: CIFAR from `directory` (else found under `$TICKETSCOPE_DATA`
    /// or `./data`, see `CIFAR.locate`), or generated images.
    public static func load(_ config: TrainConfig, directory: String?) throws -> TrainingData {
        var train: LabeledImages, test: LabeledImages, source: String, normalization: ChannelNormalization
        switch config.dataset {
        case .synthetic:
            let perClass = config.imagesPerClass ?? 300
            let testPerClass = config.testImagesPerClass ?? max(perClass / 3, 1)
            let imageBytes = SyntheticImages.classNames.count * 3072 + MemoryLayout<Int>.size
            try MemoryBudget.check(count: perClass, bytesPerItem: imageBytes, key: "images_per_class", what: "generated training images")
            try MemoryBudget.check(count: testPerClass, bytesPerItem: imageBytes, key: "test_images_per_class", what: "generated test images")
            train = SyntheticImages.generate(perClass: perClass, seed: config.seed &+ 11)
            test = SyntheticImages.generate(perClass: testPerClass, seed: config.seed &+ 12)
            source = "generated"
            normalization = .measured(on: train)
        case .cifar10, .cifar100:
            let kind: CIFAR = config.dataset == .cifar10 ? .cifar10 : .cifar100
            train = try kind.load(.train, directory: directory)
            test = try kind.load(.test, directory: directory)
            source = try kind.locate(directory: directory)
            normalization = kind == .cifar10 ? .cifar10 : .cifar100
        }
        let partition: Partition
        switch config.partition {
        case "clusters": partition = try Partition.cifar100Clusters(classNames: train.classNames)
        case "custom": partition = try Partition.custom(config.partitionMap ?? [:], classNames: train.classNames)
        default: partition = .byClass(train.classNames)
        }
        let (trainIdx, valIdx) = train.split(validationFraction: config.validationFraction, seed: config.seed &+ 21)
        let trainIndices = limit(trainIdx, labels: train.labels, perClass: config.imagesPerClass.map { Int(Double($0) * (1 - config.validationFraction)) })
        let testIndices = limit(Array(0..<test.count), labels: test.labels, perClass: config.testImagesPerClass)
        for (k, name) in partition.subsets.enumerated() {
            let count = trainIndices.filter { partition.subsetOfClass[train.labels[$0]] == k }.count
            guard count > 0 else { throw LotteryError.config("subset '\(name)' has no training images") }
            guard count >= config.batchSize / 2 else {
                throw LotteryError.config("batch_size \(config.batchSize) takes \(config.batchSize / 2) images of a subset per batch, but subset '\(name)' has only \(count) training images")
            }
        }
        return TrainingData(train: train, test: test, trainIndices: trainIndices, validationIndices: valIdx, testIndices: testIndices,
                            partition: partition, normalization: normalization, source: source)
    }

    /// The first `perClass` indices of each class (all when nil), in order.
    static func limit(_ indices: [Int], labels: [Int], perClass: Int?) -> [Int] {
        guard let perClass else { return indices }
        var taken: [Int: Int] = [:]
        return indices.filter { i in
            let c = labels[i]
            guard taken[c, default: 0] < perClass else { return false }
            taken[c, default: 0] += 1
            return true
        }
    }
}
