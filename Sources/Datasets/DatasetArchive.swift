import Foundation

/// Where a dataset comes from: its official archive, pinned by size and SHA-256, and what unpacking
/// it must leave under the data root for the readers to find.
public struct DatasetArchive: Sendable, Equatable {
    /// How the archive is packed.
    public enum Format: String, Sendable {
        /// A gzip-compressed tar file (`.tar.gz`).
        case tarGzip
    }

    /// The official download address.
    public let url: URL
    /// The archive's SHA-256, 64 lowercase hex digits.
    public let sha256: String
    /// The archive's size in bytes.
    public let byteCount: Int64
    /// How the archive is packed.
    public let format: Format
    /// The one top-level directory of the archive; it is moved, whole, to `root/directoryName`.
    public let directoryName: String
    /// Files the readers need inside that directory.
    public let requiredFiles: [String]

    /// The archive's file name (the last component of `url`).
    public var fileName: String { url.lastPathComponent }

    /// The address of the same file under another base address (a mirror serving the same names).
    public func url(mirror base: URL) -> URL { base.appendingPathComponent(fileName) }
}

extension CIFAR {
    /// The data root when neither a directory nor `$TICKETSCOPE_DATA` is given, relative to the
    /// working directory; `ticketscope data fetch` unpacks here by default.
    public static let defaultRoot = "data"

    /// The data root readers search and `data fetch` fills: `$TICKETSCOPE_DATA` if set, else `./data`.
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let root = environment[environmentVariable], !root.isEmpty { return root }
        return defaultRoot
    }

    /// The official binary archive from https://www.cs.toronto.edu/~kriz/cifar.html.
    ///
    /// Sizes and SHA-256 digests as pinned by TensorFlow Datasets in
    /// `tensorflow_datasets/url_checksums/cifar10.txt` and `cifar100.txt` (github.com/tensorflow/datasets,
    /// commit 333639b37af6c6fedf3610a4a2d42f1c6ef6f7d5); the same digests are pinned independently by
    /// JuliaML's MLDatasets.jl and gomlx's CIFAR loader.
    public var archive: DatasetArchive {
        switch self {
        case .cifar10:
            return DatasetArchive(
                url: URL(string: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")!,
                sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
                byteCount: 170_052_171, format: .tarGzip, directoryName: "cifar-10-batches-bin",
                requiredFiles: (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin", "batches.meta.txt"])
        case .cifar100:
            return DatasetArchive(
                url: URL(string: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz")!,
                sha256: "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec",
                byteCount: 168_513_733, format: .tarGzip, directoryName: "cifar-100-binary",
                requiredFiles: ["train.bin", "test.bin", "coarse_label_names.txt", "fine_label_names.txt"])
        }
    }

    /// The first of the required files of `archive` that is missing or malformed in `directory`
    /// (record files must hold a whole, non-zero number of records; name files the right number of
    /// names), or nil when the directory holds everything the readers need.
    public func layoutProblem(in directory: String) -> String? {
        for name in archive.requiredFiles {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = (attributes[.size] as? NSNumber)?.intValue else { return "\(name) is missing" }
            if name.hasSuffix(".bin") {
                let record = labelBytes + Self.pixelBytes
                guard size > 0, size % record == 0 else { return "\(name) holds \(size) bytes, not a whole number of \(record)-byte records" }
            } else if let count = nameCounts[name] {
                do { _ = try Self.names(at: path, count: count) } catch let error as DatasetError { return "\(name): \(error.reason)" } catch { return "\(name): \(error)" }
            }
        }
        return nil
    }

    /// How many class names each names file of the layout holds.
    private var nameCounts: [String: Int] {
        self == .cifar10 ? ["batches.meta.txt": 10] : ["coarse_label_names.txt": 20, "fine_label_names.txt": 100]
    }
}
