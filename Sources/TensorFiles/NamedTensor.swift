/// The element types TensorFiles reads and writes; the raw values are NumPy's dtype names
/// (`bfloat16` as in ml_dtypes and PyTorch).
public enum TensorDType: String, Sendable, CaseIterable {
    /// One byte per element, exactly 0 (false) or 1 (true).
    case bool
    /// Unsigned 8-bit integer.
    case uint8
    /// Signed 8-bit integer.
    case int8
    /// Unsigned 16-bit integer.
    case uint16
    /// Signed 16-bit integer.
    case int16
    /// Unsigned 32-bit integer.
    case uint32
    /// Signed 32-bit integer.
    case int32
    /// Unsigned 64-bit integer.
    case uint64
    /// Signed 64-bit integer.
    case int64
    /// IEEE 754 half precision, little-endian.
    case float16
    /// bfloat16 (the top half of an IEEE 754 single), little-endian; safetensors and PyTorch only, not .npy.
    case bfloat16
    /// IEEE 754 single precision, little-endian.
    case float32
    /// IEEE 754 double precision, little-endian.
    case float64

    /// Bytes per element.
    public var elementSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .uint16, .int16, .float16, .bfloat16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
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
    /// With `.nonzero`: kept = nonzero; -0.0 counts as zero, infinities as kept, a float NaN is an error.
    /// With `.binary`: every element must be 0 or 1 (a mask, not weights).
    /// - Throws: `TensorFileError` naming the tensor and the first offending element.
    public func keptBits(_ rule: KeptRule = .nonzero) throws -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (count + 63) / 64)
        try data.withUnsafeBytes { raw in
            try words.withUnsafeMutableBufferPointer { out in
                try KeptBits.pack(raw, dtype: dtype, count: count, rule: rule, into: out, tensor: name)
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
