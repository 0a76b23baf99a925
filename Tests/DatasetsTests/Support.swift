import Datasets
import Foundation
import Testing

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetsTests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

/// The pixel bytes of generated image `index`: byte i is (index * 7 + i) mod 251.
func generatedPixels(_ index: Int) -> [UInt8] { (0..<3072).map { UInt8((index * 7 + $0) % 251) } }

/// Writes records of `labels` (each 1 or 2 bytes) followed by `generatedPixels(firstImage + k)`.
func writeRecords(_ labels: [[UInt8]], firstImage: Int, to path: String) throws {
    var bytes: [UInt8] = []
    for (k, label) in labels.enumerated() { bytes += label + generatedPixels(firstImage + k) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func writeText(_ text: String, to path: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }

func join(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

/// A CIFAR-10 directory: data_batch_2 (labels 0, 1, 2), data_batch_10 (3, 9), test_batch (4, 5), names.
func makeCIFAR10(in directory: String) throws {
    try writeRecords([[0], [1], [2]], firstImage: 0, to: join(directory, "data_batch_2.bin"))
    try writeRecords([[3], [9]], firstImage: 3, to: join(directory, "data_batch_10.bin"))
    try writeRecords([[4], [5]], firstImage: 5, to: join(directory, "test_batch.bin"))
    try writeText((0..<10).map { "class\($0)" }.joined(separator: "\n") + "\n\n", to: join(directory, "batches.meta.txt"))
}

/// A CIFAR-100 directory: train (coarse, fine) = (1, 10), (19, 99), (0, 0); test (2, 20); names.
func makeCIFAR100(in directory: String) throws {
    try writeRecords([[1, 10], [19, 99], [0, 0]], firstImage: 0, to: join(directory, "train.bin"))
    try writeRecords([[2, 20]], firstImage: 3, to: join(directory, "test.bin"))
    try writeText((0..<20).map { "coarse\($0)" }.joined(separator: "\n"), to: join(directory, "coarse_label_names.txt"))
    try writeText((0..<100).map { "fine\($0)" }.joined(separator: "\n"), to: join(directory, "fine_label_names.txt"))
}

/// Expects `body` to throw a one-line `DatasetError` about `path` mentioning `fragment`.
func expectDatasetError(path: String, mentions fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> Void) {
    let error = #expect(throws: DatasetError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
    #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
}
