/// The element types TensorFiles reads and writes.
public enum TensorDType: String, Sendable, CaseIterable {
    /// One byte per element, exactly 0 (false) or 1 (true).
    case bool
    /// Unsigned 8-bit integer.
    case uint8
    /// Signed 8-bit integer.
    case int8
    /// IEEE 754 half precision, little-endian.
    case float16
    /// IEEE 754 single precision, little-endian.
    case float32

    /// Bytes per element.
    public var elementSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .float16: return 2
        case .float32: return 4
        }
    }
}

/// One named n-dimensional array: raw little-endian element bytes in C (row-major) order.
///
/// Every `NamedTensor` is valid: no negative dimension, an element count that fits in `Int`,
/// `data.count == count * dtype.elementSize`, and `bool` bytes that are exactly 0 or 1.
public struct NamedTensor: Sendable, Equatable {
    /// The key in the file (for npz, the entry name without ".npy"; for a lone .npy, the file name without extension).
    public let name: String
    /// The element type.
    public let dtype: TensorDType
    /// The dimensions; empty for a 0-d (scalar) tensor.
    public let shape: [Int]
    /// Raw element bytes, little-endian, C (row-major) order.
    public let data: [UInt8]

    /// The number of elements: the product of `shape` (1 for a 0-d tensor).
    public var count: Int { shape.reduce(1, *) }

    /// Creates a tensor from raw little-endian, C-order element bytes.
    /// - Throws: `TensorFileError` (without a path) if the shape has a negative dimension or too many elements,
    ///   `data` has the wrong length, or a `bool` byte is not 0 or 1.
    public init(name: String, dtype: TensorDType, shape: [Int], data: [UInt8]) throws {
        let expected = try NamedTensor.byteCount(dtype: dtype, shape: shape, tensor: name)
        guard data.count == expected else {
            throw TensorFileError(
                path: nil, tensor: name,
                reason: "data is \(data.count) bytes but shape \(shape) of \(dtype) needs \(expected)")
        }
        if dtype == .bool, let index = data.firstIndex(where: { $0 > 1 }) {
            throw TensorFileError(
                path: nil, tensor: name,
                reason: "bool element \(index) has byte value \(data[index]) (expected 0 or 1)")
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// Creates a `bool` tensor; `bools` are in C (row-major) order.
    public init(name: String, shape: [Int], bools: [Bool]) throws {
        try self.init(name: name, dtype: .bool, shape: shape, data: bools.map { $0 ? 1 : 0 })
    }

    /// Creates a `float32` tensor; `floats` are in C (row-major) order.
    public init(name: String, shape: [Int], floats: [Float]) throws {
        var data: [UInt8] = []
        data.reserveCapacity(floats.count * 4)
        for value in floats {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try self.init(name: name, dtype: .float32, shape: shape, data: data)
    }

    /// The number of data bytes `shape` of `dtype` needs.
    /// - Throws: `TensorFileError` (without a path) for a negative dimension or a size that overflows `Int`.
    static func byteCount(dtype: TensorDType, shape: [Int], tensor: String) throws -> Int {
        var total = dtype.elementSize
        for dimension in shape {
            guard dimension >= 0 else {
                throw TensorFileError(path: nil, tensor: tensor, reason: "negative dimension \(dimension) in shape \(shape)")
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw TensorFileError(path: nil, tensor: tensor, reason: "shape \(shape) is too large")
            }
            total = product
        }
        return total
    }

    /// Packs "kept" flags into UInt64 words: element j -> word j/64, bit j%64 (LSB first), trailing bits zero.
    ///
    /// Kept = nonzero. `bool` bytes are exactly 0 or 1 (checked when the tensor was made);
    /// a float NaN is an error; -0.0 counts as zero; infinities count as kept.
    /// - Throws: `TensorFileError` naming the tensor and the index of the first NaN element.
    public func keptBits() throws -> [UInt64] {
        let count = self.count
        var words = [UInt64](repeating: 0, count: (count + 63) / 64)
        func keep(_ index: Int) { words[index >> 6] |= 1 << UInt64(index & 63) }
        func nanError(_ index: Int) -> TensorFileError {
            TensorFileError(path: nil, tensor: name, reason: "element \(index) is NaN; a mask must be NaN-free")
        }
        switch dtype {
        case .bool, .uint8, .int8:
            for index in 0..<count where data[index] != 0 { keep(index) }
        case .float16:
            for index in 0..<count {
                let magnitude = (UInt16(data[2 * index]) | UInt16(data[2 * index + 1]) << 8) & 0x7FFF
                if magnitude > 0x7C00 { throw nanError(index) }
                if magnitude != 0 { keep(index) }
            }
        case .float32:
            for index in 0..<count {
                let base = 4 * index
                let bits = UInt32(data[base]) | UInt32(data[base + 1]) << 8
                    | UInt32(data[base + 2]) << 16 | UInt32(data[base + 3]) << 24
                let magnitude = bits & 0x7FFF_FFFF
                if magnitude > 0x7F80_0000 { throw nanError(index) }
                if magnitude != 0 { keep(index) }
            }
        }
        return words
    }
}

extension Array where Element == NamedTensor {
    /// Throws a `TensorFileError` (without a path) naming the first tensor whose name was already used.
    func requireUniqueNames() throws {
        var names = Set<String>()
        for tensor in self where !names.insert(tensor.name).inserted {
            throw TensorFileError(path: nil, tensor: tensor.name, reason: "duplicate tensor name")
        }
    }
}
