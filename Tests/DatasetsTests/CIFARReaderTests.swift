import Datasets
import Foundation
import Testing

@Suite("CIFAR readers")
struct CIFARReaderTests {
    @Test("CIFAR-10: batches in numeric order, test split, class names")
    func cifar10() throws {
        try withTemporaryDirectory { directory in
            try makeCIFAR10(in: directory)
            let train = try CIFAR.cifar10.load(.train, directory: directory)
            #expect(train.labels == [0, 1, 2, 3, 9])
            #expect(train.count == 5 && train.coarseLabels == nil)
            #expect(Array(train.pixels[3072..<6144]) == generatedPixels(1))
            #expect(Array(train.pixels[(4 * 3072)...]) == generatedPixels(4))
            #expect(train.classNames == (0..<10).map { "class\($0)" })
            let test = try CIFAR.cifar10.load(.test, directory: directory)
            #expect(test.labels == [4, 5])
        }
    }

    @Test("CIFAR-100: coarse and fine labels and names")
    func cifar100() throws {
        try withTemporaryDirectory { directory in
            try makeCIFAR100(in: directory)
            let train = try CIFAR.cifar100.load(.train, directory: directory)
            #expect(train.labels == [10, 99, 0])
            #expect(train.coarseLabels == [1, 19, 0])
            #expect(train.classNames.count == 100 && train.coarseClassNames?.count == 20)
            #expect(Array(train.pixels[6144...]) == generatedPixels(2))
            #expect(try CIFAR.cifar100.load(.test, directory: directory).labels == [20])
        }
    }

    @Test("location: explicit directory, else cifar10 or the official archive name under $TICKETSCOPE_DATA or ./data")
    func location() throws {
        try withTemporaryDirectory { root in
            let official = join(root, "cifar-100-binary")
            try FileManager.default.createDirectory(atPath: official, withIntermediateDirectories: true)
            try makeCIFAR100(in: official)
            let environment = ["TICKETSCOPE_DATA": root]
            #expect(try CIFAR.cifar100.locate(environment: environment) == official)
            #expect(try CIFAR.cifar100.load(.train, environment: environment).count == 3)
            expectDatasetError(path: root, mentions: "cifar10") { _ = try CIFAR.cifar10.locate(environment: environment) }
            // Without $TICKETSCOPE_DATA the root is ./data (absent where the tests run); the error names the fetch command.
            expectDatasetError(path: "data", mentions: "ticketscope data fetch cifar10") { _ = try CIFAR.cifar10.locate(environment: [:]) }
            expectDatasetError(path: root, mentions: "$TICKETSCOPE_DATA holds none of cifar10, cifar-10-batches-bin") {
                _ = try CIFAR.cifar10.locate(environment: environment)
            }
            let missing = join(root, "nowhere")
            expectDatasetError(path: missing, mentions: "no such directory") {
                _ = try CIFAR.cifar10.load(.train, directory: missing, environment: environment)
            }
        }
    }

    @Test("bad files are one-line typed errors naming the file")
    func badFiles() throws {
        try withTemporaryDirectory { directory in
            expectDatasetError(path: directory, mentions: "no data_batch_*.bin") {
                _ = try CIFAR.cifar10.load(.train, directory: directory)
            }
            expectDatasetError(path: join(directory, "test_batch.bin"), mentions: "missing") {
                _ = try CIFAR.cifar10.load(.test, directory: directory)
            }
            try makeCIFAR10(in: directory)
            let truncated = join(directory, "data_batch_2.bin")
            try Data([UInt8](repeating: 1, count: 3073 * 2 + 100)).write(to: URL(fileURLWithPath: truncated))
            expectDatasetError(path: truncated, mentions: "not a multiple of the 3073-byte record") {
                _ = try CIFAR.cifar10.load(.train, directory: directory)
            }
            try writeRecords([[0], [10]], firstImage: 0, to: truncated)
            expectDatasetError(path: truncated, mentions: "record 1 has label 10, outside 0..<10") {
                _ = try CIFAR.cifar10.load(.train, directory: directory)
            }
            try writeRecords([[0]], firstImage: 0, to: truncated)
            try writeText("a\nb\n", to: join(directory, "batches.meta.txt"))
            expectDatasetError(path: join(directory, "batches.meta.txt"), mentions: "2 class names, expected 10") {
                _ = try CIFAR.cifar10.load(.train, directory: directory)
            }
        }
    }

    @Test("CIFAR-100: labels out of range, missing names, empty split")
    func badCIFAR100() throws {
        try withTemporaryDirectory { directory in
            try makeCIFAR100(in: directory)
            let train = join(directory, "train.bin")
            try writeRecords([[0, 5], [20, 5]], firstImage: 0, to: train)
            expectDatasetError(path: train, mentions: "record 1 has coarse label 20") {
                _ = try CIFAR.cifar100.load(.train, directory: directory)
            }
            try writeRecords([[0, 100]], firstImage: 0, to: train)
            expectDatasetError(path: train, mentions: "label 100, outside 0..<100") {
                _ = try CIFAR.cifar100.load(.train, directory: directory)
            }
            // An empty batch file is refused by name, even when other files hold records.
            try Data().write(to: URL(fileURLWithPath: train))
            expectDatasetError(path: train, mentions: "is empty (0 bytes)") {
                _ = try CIFAR.cifar100.load(.train, directory: directory)
            }
            try FileManager.default.removeItem(atPath: join(directory, "fine_label_names.txt"))
            expectDatasetError(path: join(directory, "fine_label_names.txt"), mentions: "missing") {
                _ = try CIFAR.cifar100.load(.test, directory: directory)
            }
        }
    }

    /// ../shared/datasets/cifar10 beside the repository (present here and in CI).
    static let sharedCIFAR10 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/cifar10").path

    @Test("the shared CIFAR-10 copy, if present", .enabled(if: FileManager.default.fileExists(atPath: sharedCIFAR10)))
    func sharedData() throws {
        let test = try CIFAR.cifar10.load(.test, directory: Self.sharedCIFAR10)
        #expect(test.count == 10_000)
        #expect(Set(test.labels) == Set(0..<10))
        #expect(test.classNames.first == "airplane" && test.classNames.last == "truck")
    }
}
