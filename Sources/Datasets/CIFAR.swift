import Foundation

/// The CIFAR datasets in the official binary layout (`cifar-10-binary.tar.gz`, `cifar-100-binary.tar.gz`).
///
/// CIFAR-10: records of 1 label byte + 3,072 pixel bytes in `data_batch_*.bin` (any number of them,
/// read in numeric order) and `test_batch.bin`; class names in `batches.meta.txt`.
/// CIFAR-100: records of 2 label bytes (coarse, fine) + 3,072 pixel bytes in `train.bin` and
/// `test.bin`; names in `coarse_label_names.txt` and `fine_label_names.txt`.
/// Pixels are 1,024 red, 1,024 green, 1,024 blue bytes, each plane 32×32 row-major.
public enum CIFAR: String, Sendable, CaseIterable {
    /// 10 classes.
    case cifar10
    /// 100 fine classes in 20 coarse superclasses.
    case cifar100

    /// The training or the test split.
    public enum Split: String, Sendable {
        /// Training images.
        case train
        /// Test images.
        case test
    }

    /// The environment variable naming the data root (which holds `cifar10/` and `cifar100/`, or
    /// the official archives' `cifar-10-batches-bin/` and `cifar-100-binary/`).
    public static let environmentVariable = "TICKETSCOPE_DATA"

    /// Bytes of one image.
    public static let pixelBytes = 3 * 32 * 32

    /// Label bytes per record.
    var labelBytes: Int { self == .cifar10 ? 1 : 2 }

    /// Number of (fine) classes.
    public var classCount: Int { self == .cifar10 ? 10 : 100 }

    /// Directory names tried under the data root, first the project's, then the official archive's.
    var directoryNames: [String] { [rawValue, archive.directoryName] }

    /// The dataset directory: `directory` if given, else the first of `directoryNames` that exists
    /// under the data root (`$TICKETSCOPE_DATA`, else `./data`; see `root(environment:)`).
    /// - Throws: `DatasetError` if the directory does not exist, naming the command that fetches it.
    public func locate(directory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String {
        if let directory {
            guard isDirectory(directory) else { throw DatasetError(path: directory, reason: "no such directory") }
            return directory
        }
        let root = Self.root(environment: environment)
        for name in directoryNames {
            let candidate = (root as NSString).appendingPathComponent(name)
            if isDirectory(candidate) { return candidate }
        }
        let from = root == Self.defaultRoot ? "./\(root) (no $\(Self.environmentVariable) set)" : "$\(Self.environmentVariable)"
        throw DatasetError(path: root, reason: "\(from) holds none of \(directoryNames.joined(separator: ", ")); "
                           + "pass a directory, or download it with: ticketscope data fetch \(rawValue)")
    }

    /// Reads one split from `directory` (see `locate`).
    /// - Throws: `DatasetError` for a missing directory or file, a size that is not a whole number of
    ///   records, an empty split or a label out of range.
    public func load(_ split: Split, directory: String? = nil,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LabeledImages {
        let root = try locate(directory: directory, environment: environment)
        let files = try dataFiles(split, in: root)
        var pixels: [UInt8] = [], fine: [Int] = [], coarse: [Int] = []
        for file in files {
            let records = try CIFARRecords.read(path: file, labelBytes: labelBytes)
            for (index, labels) in records.labels.enumerated() {
                let label = labels.last!
                guard label < classCount else {
                    throw DatasetError(path: file, reason: "record \(index) has label \(label), outside 0..<\(classCount)")
                }
                if self == .cifar100 {
                    guard labels[0] < 20 else {
                        throw DatasetError(path: file, reason: "record \(index) has coarse label \(labels[0]), outside 0..<20")
                    }
                    coarse.append(labels[0])
                }
                fine.append(label)
            }
            pixels += records.pixels
        }
        guard !fine.isEmpty else { throw DatasetError(path: root, reason: "the \(split.rawValue) split has no records") }
        switch self {
        case .cifar10:
            let names = try Self.names(at: (root as NSString).appendingPathComponent("batches.meta.txt"), count: 10)
            return LabeledImages(pixels: pixels, labels: fine, classNames: names)
        case .cifar100:
            let names = try Self.names(at: (root as NSString).appendingPathComponent("fine_label_names.txt"), count: 100)
            let coarseNames = try Self.names(at: (root as NSString).appendingPathComponent("coarse_label_names.txt"), count: 20)
            return LabeledImages(pixels: pixels, labels: fine, classNames: names, coarseLabels: coarse,
                                 coarseClassNames: coarseNames)
        }
    }

    /// The record files of `split` in `root`, in reading order.
    func dataFiles(_ split: Split, in root: String) throws -> [String] {
        let path = { (name: String) in (root as NSString).appendingPathComponent(name) }
        switch (self, split) {
        case (.cifar10, .train):
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            let batches = names.compactMap { name -> (Int, String)? in
                guard name.hasPrefix("data_batch_"), name.hasSuffix(".bin"),
                      let number = Int(name.dropFirst("data_batch_".count).dropLast(".bin".count)) else { return nil }
                return (number, name)
            }.sorted { $0.0 < $1.0 }
            guard !batches.isEmpty else { throw DatasetError(path: root, reason: "no data_batch_*.bin files") }
            return batches.map { path($0.1) }
        case (.cifar10, .test): return [try existing(path("test_batch.bin"))]
        case (.cifar100, .train): return [try existing(path("train.bin"))]
        case (.cifar100, .test): return [try existing(path("test.bin"))]
        }
    }

    /// Class names, one per non-empty line; exactly `count` of them.
    static func names(at path: String, count: Int) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(path: path, reason: "missing (class names, one per line)")
        }
        let names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == count else {
            throw DatasetError(path: path, reason: "\(names.count) class names, expected \(count)")
        }
        return names
    }

    private func existing(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw DatasetError(path: path, reason: "missing") }
        return path
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
