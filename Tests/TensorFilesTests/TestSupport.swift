import Foundation
import Testing
import TensorFiles

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("TensorFilesTests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Expects `body` to throw a one-line `TensorFileError` whose description names `path` and every fragment.
@discardableResult
func expectTensorFileError(
    path: String?, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> TensorFileError? {
    let error = #expect(throws: TensorFileError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return nil }
    let message = error.description
    #expect(error.path == path, "wrong path in: \(message)", sourceLocation: sourceLocation)
    if let path { #expect(message.hasPrefix(path + ": "), "\(message)", sourceLocation: sourceLocation) }
    #expect(!message.contains("\n"), "not one line: \(message)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)", sourceLocation: sourceLocation)
    }
    return error
}

/// Expects reading `path` to fail with a message naming the file and every fragment.
@discardableResult
func expectReadError(
    _ path: String, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
) -> TensorFileError? {
    expectTensorFileError(path: path, mentions: fragments, sourceLocation: sourceLocation) {
        _ = try TensorFileReader.read(path: path)
    }
}

/// A .npy image with the given header dictionary text, padded as NumPy pads it (format version 1.0 by default).
func npyBytes(header: String, payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
    var dictionary = Array(header.utf8)
    let prefix = version == 1 ? 10 : 12
    dictionary += [UInt8](repeating: 0x20, count: (64 - (prefix + dictionary.count + 1) % 64) % 64) + [0x0A]
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    for shift in stride(from: 0, to: prefix - 8, by: 1) { bytes.append(UInt8(truncatingIfNeeded: dictionary.count >> (8 * shift))) }
    return bytes + dictionary + payload
}

/// A safetensors image with the given header text and data section.
func safetensorsBytes(header: String, data: [UInt8]) -> [UInt8] {
    let json = Array(header.utf8)
    var bytes: [UInt8] = []
    for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: UInt64(json.count) >> UInt64(8 * shift))) }
    return bytes + json + data
}

/// Replaces every occurrence of `old` by `new` (same length) in `bytes`.
func replacingBytes(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
    let (old, new) = (Array(old.utf8), Array(new.utf8))
    precondition(old.count == new.count)
    var result = bytes
    var index = 0
    while index + old.count <= result.count {
        if Array(result[index..<index + old.count]) == old {
            result.replaceSubrange(index..<index + old.count, with: new)
            index += old.count
        } else {
            index += 1
        }
    }
    return result
}

/// SplitMix64: a small deterministic generator for reproducible random tensors.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tensor of random, NaN-free values, about half of them zero (including -0.0 for floats).
func randomTensor(name: String, dtype: TensorDType, shape: [Int], seed: UInt64) throws -> NamedTensor {
    var generator = SeededGenerator(state: seed)
    let count = shape.reduce(1, *)
    var data: [UInt8] = []
    for _ in 0..<count {
        let zero = Bool.random(using: &generator)
        // Random bits, NaN patterns turned into zeros of the same sign; integers nonzero unless `zero`.
        var bits = UInt64.random(in: 0...UInt64.max, using: &generator)
        switch dtype {
        case .bool: bits = zero ? 0 : 1
        case .uint8, .int8, .uint16, .int16, .uint32, .int32, .uint64, .int64:
            bits = zero ? 0 : max(1, bits & (dtype.elementSize == 8 ? ~0 : (UInt64(1) << UInt64(8 * dtype.elementSize)) - 1))
        case .float16: if zero || bits & 0x7FFF > 0x7C00 { bits &= 0x8000 } else { bits &= 0xFFFF }
        case .bfloat16: if zero || bits & 0x7FFF > 0x7F80 { bits &= 0x8000 } else { bits &= 0xFFFF }
        case .float32: if zero || bits & 0x7FFF_FFFF > 0x7F80_0000 { bits &= 0x8000_0000 } else { bits &= 0xFFFF_FFFF }
        case .float64: if zero || bits & 0x7FFF_FFFF_FFFF_FFFF > 0x7FF0_0000_0000_0000 { bits &= 0x8000_0000_0000_0000 }
        }
        data += (0..<dtype.elementSize).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
    }
    return try NamedTensor(name: name, dtype: dtype, shape: shape, data: data)
}

/// FNV-1a 64-bit hash, as computed by the fixture script.
func fnv1a64(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
