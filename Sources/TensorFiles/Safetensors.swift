import Foundation

/// The safetensors format: an 8-byte little-endian header length, a JSON header, then the data section.
/// Errors carry no path; the caller adds it.
enum Safetensors {
    private static let metadataKey = "__metadata__"

    /// The dtype names safetensors uses, for the dtypes TensorFiles accepts.
    static func name(of dtype: TensorDType) -> String {
        switch dtype {
        case .bool: return "BOOL"
        case .uint8: return "U8"
        case .int8: return "I8"
        case .uint16: return "U16"
        case .int16: return "I16"
        case .uint32: return "U32"
        case .int32: return "I32"
        case .uint64: return "U64"
        case .int64: return "I64"
        case .float16: return "F16"
        case .bfloat16: return "BF16"
        case .float32: return "F32"
        case .float64: return "F64"
        }
    }

    /// One header entry: a tensor's dtype, shape and byte range inside the data section.
    struct Entry {
        let info: TensorInfo
        let range: Range<Int>
    }

    /// The parsed header: entries in header order, metadata, and where the data section starts.
    struct Header {
        let entries: [Entry]
        let metadata: [String: String]
        let dataStart: Int
    }

    /// The tensors (in header order) and `__metadata__` of a safetensors image.
    static func decode(_ bytes: [UInt8]) throws -> (tensors: [NamedTensor], metadata: [String: String]) {
        let header = try bytes.withUnsafeBytes { try parseHeader($0, fileSize: bytes.count) }
        let tensors = try header.entries.map { entry in
            try NamedTensor(name: entry.info.name, dtype: entry.info.dtype, shape: entry.info.shape,
                            data: Array(bytes[header.dataStart + entry.range.lowerBound..<header.dataStart + entry.range.upperBound]))
        }
        return (tensors, header.metadata)
    }

    /// Parses and checks the header of a safetensors image of `fileSize` bytes whose first bytes are `prefix`
    /// (the whole header must be in it): every tensor's byte range must match its dtype and shape and lie
    /// inside the data section, so a cut-short file is reported here, before any data is read.
    static func parseHeader(_ prefix: UnsafeRawBufferPointer, fileSize: Int) throws -> Header {
        func failure(_ reason: String, tensor: String? = nil) -> TensorFileError {
            TensorFileError(path: nil, tensor: tensor, reason: reason)
        }
        guard prefix.count >= 8 else {
            throw failure("too short for a safetensors file (\(fileSize) bytes, the header length alone takes 8)")
        }
        let headerLength = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(fileSize - 8) else {
            throw failure("safetensors header length \(headerLength) exceeds the \(fileSize - 8) bytes after it (the file may be cut short)")
        }
        let dataStart = 8 + Int(headerLength)
        precondition(prefix.count >= dataStart, "the caller passes the whole header")
        let header: JSONValue
        do {
            header = try StrictJSON.parse(Array(prefix[8..<dataStart]))
        } catch JSONParseError.syntax(let message, let offset) {
            throw failure("safetensors header is not valid JSON: \(message) at header byte \(offset)")
        } catch JSONParseError.duplicateKey(let key, _) {
            throw failure("safetensors header has duplicate key '\(key)'")
        }
        guard case .object(let members) = header else { throw failure("safetensors header JSON is not an object") }
        let dataSize = fileSize - dataStart
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (key, value) in members {
            if key == metadataKey {
                metadata = try decodeMetadata(value)
                continue
            }
            guard case .object(let fields) = value else { throw failure("header entry is not an object", tensor: key) }
            func field(_ name: String) throws -> JSONValue {
                guard let found = fields.first(where: { $0.key == name }) else { throw failure("missing '\(name)'", tensor: key) }
                return found.value
            }
            let dtypeValue = try field("dtype")
            let shapeValue = try field("shape")
            let offsetsValue = try field("data_offsets")
            guard case .string(let dtypeName) = dtypeValue else { throw failure("'dtype' is not a string", tensor: key) }
            guard let dtype = TensorDType.allCases.first(where: { name(of: $0) == dtypeName }) else {
                let supported = TensorDType.allCases.map(name(of:)).joined(separator: ", ")
                throw failure("unsupported dtype '\(dtypeName)' (supported: \(supported))", tensor: key)
            }
            guard case .array(let dimensions) = shapeValue else { throw failure("'shape' is not an array", tensor: key) }
            let shape = dimensions.compactMap(\.integer)
            guard shape.count == dimensions.count else {
                throw failure("'shape' entries must be integers that fit in 64 bits", tensor: key)
            }
            guard case .array(let offsets) = offsetsValue, offsets.count == 2,
                  let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0, end >= 0 else {
                throw failure("'data_offsets' must be two non-negative integers", tensor: key)
            }
            guard begin <= end else { throw failure("data_offsets [\(begin), \(end)] begin after end", tensor: key) }
            guard end <= dataSize else {
                throw failure("data_offsets [\(begin), \(end)] lie outside the \(dataSize)-byte data section (the file may be cut short)", tensor: key)
            }
            let expected = try NamedTensor.byteCount(dtype: dtype, shape: shape, tensor: key)
            guard end - begin == expected else {
                throw failure("data is \(end - begin) bytes but shape \(shape) of \(dtype) needs \(expected)", tensor: key)
            }
            entries.append(Entry(info: TensorInfo(name: key, dtype: dtype, shape: shape), range: begin..<end))
        }
        return Header(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    private static func decodeMetadata(_ value: JSONValue) throws -> [String: String] {
        var metadata: [String: String] = [:]
        guard case .object(let members) = value else { throw TensorFileError(path: nil, reason: "'\(metadataKey)' is not an object") }
        for (key, entry) in members {
            guard case .string(let text) = entry else {
                throw TensorFileError(path: nil, reason: "'\(metadataKey)' value for '\(key)' is not a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    /// A safetensors image of `tensors`, stored contiguously in the given order, header padded to 8 bytes.
    static func encode(_ tensors: [NamedTensor], metadata: [String: String]) throws -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { StrictJSON.quoted($0.key) + ":" + StrictJSON.quoted($0.value) }
            entries.append(StrictJSON.quoted(metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in tensors {
            guard tensor.name != metadataKey else {
                throw TensorFileError(path: nil, tensor: tensor.name, reason: "the name is reserved for safetensors metadata")
            }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(StrictJSON.quoted(tensor.name)
                + ":{\"dtype\":\"\(name(of: tensor.dtype))\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}")
            offset += tensor.data.count
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        bytes.appendLittleEndian(UInt64(header.count), size: 8)
        bytes += header
        for tensor in tensors { bytes += tensor.data }
        return bytes
    }
}

/// Writes tensors as a safetensors file that the `safetensors` Python package reads back.
public enum SafetensorsWriter {
    /// Writes the tensors contiguously in the given order with `metadata` as "__metadata__", atomically
    /// (a temporary file in the same directory, then a rename).
    /// - Throws: `TensorFileError` naming `path` for duplicate names, the reserved name "__metadata__",
    ///   or a failed write.
    public static func write(_ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String) throws {
        do {
            try tensors.requireUniqueNames()
            try FileIO.writeAtomically(Data(Safetensors.encode(tensors, metadata: metadata)), to: path)
        } catch let error as TensorFileError {
            throw error.located(at: path)
        }
    }
}
