import Foundation

/// The records of one CIFAR binary file: label bytes, then 3,072 pixel bytes, repeated.
struct CIFARRecords {
    /// The label bytes of each record (1 for CIFAR-10; coarse then fine for CIFAR-100).
    let labels: [[Int]]
    /// Pixel bytes of all records, back to back.
    let pixels: [UInt8]

    /// Reads and splits the file.
    /// - Throws: `DatasetError` if it cannot be read or its size is not a whole number of records.
    static func read(path: String, labelBytes: Int) throws -> CIFARRecords {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(path: path, reason: "cannot be read")
        }
        return try decode(data, path: path, labelBytes: labelBytes)
    }

    /// Splits the bytes of the file at `path` (named in errors).
    static func decode(_ data: Data, path: String, labelBytes: Int) throws -> CIFARRecords {
        let recordSize = labelBytes + CIFAR.pixelBytes
        guard !data.isEmpty else { throw DatasetError(path: path, reason: "is empty (0 bytes); a batch file holds records of \(recordSize) bytes") }
        guard data.count % recordSize == 0 else {
            throw DatasetError(path: path, reason: "size \(data.count) bytes is not a multiple of the \(recordSize)-byte record")
        }
        let count = data.count / recordSize
        var labels: [[Int]] = []
        labels.reserveCapacity(count)
        var pixels = [UInt8](repeating: 0, count: count * CIFAR.pixelBytes)
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            pixels.withUnsafeMutableBytes { out in
                for record in 0..<count {
                    let start = record * recordSize
                    labels.append((0..<labelBytes).map { Int(bytes[start + $0]) })
                    out.baseAddress!.advanced(by: record * CIFAR.pixelBytes)
                        .copyMemory(from: bytes.baseAddress!.advanced(by: start + labelBytes), byteCount: CIFAR.pixelBytes)
                }
            }
        }
        return CIFARRecords(labels: labels, pixels: pixels)
    }
}
