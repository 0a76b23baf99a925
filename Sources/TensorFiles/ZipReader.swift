import Foundation
import ZIPFoundation

/// One file in a ZIP archive, as listed by its central directory.
struct ZipEntry {
    let name: String
    let method: UInt16
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let localHeaderOffset: Int
}

/// A bounds-checked ZIP reader: stored and deflated entries, ZIP64 sizes, offsets and end records.
///
/// Writing uses ZIPFoundation's `Archive`, reading does not: `Archive` stops listing entries silently at a
/// damaged central-directory record and can spin forever on a deflate stream that is cut short. Here every
/// offset and size is checked against the bytes present, and ZIPFoundation's `Data.decompress` is fed only
/// the entry's own compressed bytes. Errors carry no path; the caller adds it.
enum ZipReader {
    private static let endRecordSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    private static let zip64LocatorSignature: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
    private static let zip64EndRecordSignature: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
    private static let centralHeaderSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
    private static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    private static let inflateChunkSize = 64 * 1024

    /// The entries of the archive in `bytes`, in central-directory order.
    static func entries(in bytes: [UInt8]) throws -> [ZipEntry] {
        guard let end = endRecordOffset(in: bytes) else {
            throw damaged("no end-of-central-directory record (the file may be cut short)")
        }
        guard try field(bytes, end + 4, 2) == 0, try field(bytes, end + 6, 2) == 0 else {
            throw TensorFileError(path: nil, reason: "multi-disk zip archives are not supported")
        }
        var entryCount = try field(bytes, end + 10, 2)
        var directorySize = try field(bytes, end + 12, 4)
        var directoryOffset = try field(bytes, end + 16, 4)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            let locator = end - 20
            guard bytes.hasBytes(zip64LocatorSignature, at: locator) else {
                throw damaged("ZIP64 end-of-central-directory locator is missing")
            }
            let record = try field(bytes, locator + 8, 8)
            guard bytes.hasBytes(zip64EndRecordSignature, at: record) else {
                throw damaged("ZIP64 end-of-central-directory record is missing")
            }
            entryCount = try field(bytes, record + 32, 8)
            directorySize = try field(bytes, record + 40, 8)
            directoryOffset = try field(bytes, record + 48, 8)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw damaged("central directory lies outside the file")
        }
        let directoryEnd = directoryOffset + directorySize
        var entries: [ZipEntry] = []
        var position = directoryOffset
        for index in 0..<entryCount {
            guard directoryEnd - position >= 46, bytes.hasBytes(centralHeaderSignature, at: position) else {
                throw damaged("central directory record \(index) is cut short or corrupt")
            }
            let nameStart = position + 46
            let extraStart = nameStart + (try field(bytes, position + 28, 2))
            let extraEnd = extraStart + (try field(bytes, position + 30, 2))
            let next = extraEnd + (try field(bytes, position + 32, 2))
            guard next <= directoryEnd else { throw damaged("central directory record \(index) is cut short") }
            guard let name = String(bytes: bytes[nameStart..<extraStart], encoding: .utf8) else {
                throw damaged("the name of entry \(index) is not UTF-8")
            }
            guard try field(bytes, position + 8, 2) & 1 == 0 else {
                throw TensorFileError(path: nil, reason: "zip entry '\(name)' is encrypted")
            }
            let sizes = try zip64Resolved(
                [try field(bytes, position + 24, 4), try field(bytes, position + 20, 4), try field(bytes, position + 42, 4)],
                extra: bytes[extraStart..<extraEnd], entry: name)
            entries.append(ZipEntry(
                name: name, method: UInt16(try field(bytes, position + 10, 2)),
                crc32: UInt32(try field(bytes, position + 16, 4)),
                compressedSize: sizes[1], uncompressedSize: sizes[0], localHeaderOffset: sizes[2]))
            position = next
        }
        return entries
    }

    /// The uncompressed bytes of `entry`, checked against its recorded size and CRC-32.
    static func contents(of entry: ZipEntry, in bytes: [UInt8]) throws -> [UInt8] {
        let header = entry.localHeaderOffset
        guard bytes.hasBytes(localHeaderSignature, at: header) else {
            throw damaged("the local header of entry '\(entry.name)' is missing")
        }
        let dataStart = header + 30 + (try field(bytes, header + 26, 2)) + (try field(bytes, header + 28, 2))
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw damaged("the data of entry '\(entry.name)' runs past the end of the file")
        }
        let compressed = bytes[dataStart..<dataStart + entry.compressedSize]
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw damaged("stored entry '\(entry.name)' has different compressed and uncompressed sizes")
            }
            output = Array(compressed)
        case 8:
            output = try inflate(Data(compressed), expectedSize: entry.uncompressedSize, entry: entry.name)
        default:
            throw TensorFileError(
                path: nil, reason: "zip entry '\(entry.name)' uses unsupported compression method \(entry.method)")
        }
        guard output.count == entry.uncompressedSize else {
            throw damaged("entry '\(entry.name)' holds \(output.count) bytes, not the recorded \(entry.uncompressedSize)")
        }
        guard Data(output).crc32(checksum: 0) == entry.crc32 else {
            throw damaged("entry '\(entry.name)' fails its CRC-32 check")
        }
        return output
    }

    /// Inflates a raw deflate stream, refusing to read past `source` or to produce more than `expectedSize` bytes.
    private static func inflate(_ source: Data, expectedSize: Int, entry: String) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(expectedSize, source.count * 1032 + 1024))
        do {
            _ = try Data.decompress(
                size: Int64(source.count), bufferSize: inflateChunkSize, skipCRC32: true,
                provider: { position, size in
                    let start = Int(position)
                    guard start < source.count else { throw damaged("the deflate data of entry '\(entry)' ends early") }
                    var piece = source.subdata(in: start..<min(start + size, source.count))
                    // ZIPFoundation's zlib path lets inflate read `size` bytes whatever the chunk holds: pad it.
                    if piece.count < size { piece.append(Data(count: size - piece.count)) }
                    return piece
                },
                consumer: { chunk in
                    guard chunk.count <= expectedSize - output.count else {
                        throw damaged("entry '\(entry)' inflates to more than its recorded \(expectedSize) bytes")
                    }
                    output.append(contentsOf: chunk)
                })
        } catch let error as TensorFileError {
            throw error
        } catch {
            throw damaged("the deflate data of entry '\(entry)' is corrupt")
        }
        return output
    }

    /// The offset of the end-of-central-directory record, whose comment must reach exactly to the end of the file.
    private static func endRecordOffset(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        for offset in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 0xFFFF), by: -1)
        where bytes.hasBytes(endRecordSignature, at: offset) {
            if let commentLength = bytes.littleEndian(at: offset + 20, size: 2),
               offset + 22 + Int(commentLength) == bytes.count {
                return offset
            }
        }
        return nil
    }

    /// Replaces the 0xFFFFFFFF placeholders in `values` (uncompressed size, compressed size, local header offset),
    /// in that order, with the 8-byte values of the ZIP64 extended-information extra field.
    private static func zip64Resolved(_ values: [Int], extra: ArraySlice<UInt8>, entry: String) throws -> [Int] {
        guard values.contains(0xFFFF_FFFF) else { return values }
        let fields = Array(extra)
        var position = 0
        while let id = fields.littleEndian(at: position, size: 2),
              let size = fields.littleEndian(at: position + 2, size: 2) {
            let dataStart = position + 4
            if id == 1 {
                var resolved = values
                var cursor = dataStart
                for index in resolved.indices where resolved[index] == 0xFFFF_FFFF {
                    guard cursor + 8 <= dataStart + Int(size) else { break }
                    resolved[index] = try field(fields, cursor, 8)
                    cursor += 8
                }
                if !resolved.contains(0xFFFF_FFFF) { return resolved }
            }
            position = dataStart + Int(size)
        }
        throw damaged("entry '\(entry)' lacks the ZIP64 sizes its directory record points to")
    }

    /// The little-endian field of `size` bytes at `offset`, as a non-negative `Int`.
    private static func field(_ bytes: [UInt8], _ offset: Int, _ size: Int) throws -> Int {
        guard let value = bytes.littleEndian(at: offset, size: size) else {
            throw damaged("a record at offset \(offset) is cut short")
        }
        guard let result = Int(exactly: value) else { throw damaged("a size or offset at \(offset) is out of range") }
        return result
    }

    private static func damaged(_ detail: String) -> TensorFileError {
        TensorFileError(path: nil, reason: "zip archive is truncated or damaged: \(detail)")
    }
}
