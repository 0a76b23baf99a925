import Foundation
import Testing
import TensorFiles

/// The value of element `index` as a Double, decoded arithmetically (independently of `keptBits`).
private func naiveValue(_ tensor: NamedTensor, _ index: Int) -> Double {
    let bytes = tensor.data
    let size = tensor.dtype.elementSize
    let bits = (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[size * index + $1]) << (8 * UInt64($1)) }
    switch tensor.dtype {
    case .bool, .uint8, .uint16, .uint32, .uint64: return Double(bits)
    case .int8: return Double(Int8(truncatingIfNeeded: bits))
    case .int16: return Double(Int16(truncatingIfNeeded: bits))
    case .int32: return Double(Int32(truncatingIfNeeded: bits))
    case .int64: return Double(Int64(bitPattern: bits))
    case .float16:
        let sign: Double = bits >> 15 == 1 ? -1 : 1
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = Double(bits & 0x3FF)
        if exponent == 0 { return sign * mantissa * pow(2, -24) }
        if exponent == 31 { return mantissa == 0 ? sign * .infinity : .nan }
        return sign * (1 + mantissa / 1024) * pow(2, Double(exponent - 15))
    case .bfloat16:
        let sign: Double = bits >> 15 == 1 ? -1 : 1
        let exponent = Int(bits >> 7) & 0xFF
        let mantissa = Double(bits & 0x7F)
        if exponent == 0 { return sign * mantissa * pow(2, -133) }
        if exponent == 255 { return mantissa == 0 ? sign * .infinity : .nan }
        return sign * (1 + mantissa / 128) * pow(2, Double(exponent - 127))
    case .float32: return Double(Float(bitPattern: UInt32(bits)))
    case .float64: return Double(bitPattern: bits)
    }
}

/// Bit j of word j/64 set iff element j is nonzero, packed one bit at a time.
private func naiveKeptBits(_ tensor: NamedTensor) -> [UInt64] {
    var words = [UInt64](repeating: 0, count: (tensor.count + 63) / 64)
    for index in 0..<tensor.count where naiveValue(tensor, index) != 0 {
        words[index / 64] += UInt64(1) << UInt64(index % 64)
    }
    return words
}

@Suite struct KeptBitsTests {
    @Test(arguments: TensorDType.allCases, [[], [0], [1], [63], [64], [65], [1000], [3, 0, 2], [7, 9, 11]])
    func matchesNaivePacking(dtype: TensorDType, shape: [Int]) throws {
        let tensor = try randomTensor(name: "t", dtype: dtype, shape: shape, seed: UInt64(shape.reduce(7, *)))
        let words = try tensor.keptBits()
        #expect(words == naiveKeptBits(tensor))
        #expect(words.count == (tensor.count + 63) / 64)
        if tensor.count % 64 != 0, let last = words.last {
            #expect(last >> UInt64(tensor.count % 64) == 0, "trailing bits must be zero")
        }
    }

    @Test func floatSpecialValues() throws {
        let floats: [Float] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -1, .greatestFiniteMagnitude]
        let words = try NamedTensor(name: "f", shape: [floats.count], floats: floats).keptBits()
        #expect(words == [0b111_1100])
        // float16: +0, -0, smallest subnormal, -inf, 1.0, max finite
        let halves: [UInt16] = [0x0000, 0x8000, 0x0001, 0xFC00, 0x3C00, 0x7BFF]
        let half = try NamedTensor(
            name: "h", dtype: .float16, shape: [halves.count], data: halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(try half.keptBits() == [0b11_1100])
        #expect(try half.keptBits() == naiveKeptBits(half))
    }

    @Test func int8NegativeValuesAreKept() throws {
        let tensor = try NamedTensor(name: "i", dtype: .int8, shape: [4], data: [0x80, 0x00, 0xFF, 0x01])
        #expect(try tensor.keptBits() == [0b1101])
    }

    @Test func float32NaNIsAnErrorNamingTensorAndElement() throws {
        var floats = [Float](repeating: 1, count: 70)
        floats[65] = .nan
        let tensor = try NamedTensor(name: "fc1.weight", shape: [70], floats: floats)
        expectTensorFileError(path: nil, mentions: ["tensor 'fc1.weight'", "element 65", "NaN"]) {
            _ = try tensor.keptBits()
        }
    }

    @Test func float16NaNIsAnErrorNamingTensorAndElement() throws {
        for nan: UInt16 in [0x7E00, 0xFC01, 0x7C01] {
            let tensor = try NamedTensor(name: "h", dtype: .float16, shape: [3], data: [0, 0x3C, 0, 0, UInt8(nan & 0xFF), UInt8(nan >> 8)])
            expectTensorFileError(path: nil, mentions: ["tensor 'h'", "element 2", "NaN"]) { _ = try tensor.keptBits() }
        }
    }
}

@Suite struct NamedTensorTests {
    @Test func countIsTheProductOfTheShape() throws {
        #expect(try NamedTensor(name: "s", shape: [], floats: [1]).count == 1)
        #expect(try NamedTensor(name: "e", shape: [4, 0], bools: []).count == 0)
        #expect(try NamedTensor(name: "m", shape: [2, 3], bools: Array(repeating: true, count: 6)).count == 6)
    }

    @Test func invalidTensorsAreRejected() {
        expectTensorFileError(path: nil, mentions: ["tensor 'n'", "negative dimension -2"]) {
            _ = try NamedTensor(name: "n", dtype: .uint8, shape: [3, -2], data: [])
        }
        expectTensorFileError(path: nil, mentions: ["tensor 'o'", "too large"]) {
            _ = try NamedTensor(name: "o", dtype: .float32, shape: [1 << 40, 1 << 40], data: [])
        }
        expectTensorFileError(path: nil, mentions: ["tensor 'w'", "5 bytes", "needs 8"]) {
            _ = try NamedTensor(name: "w", dtype: .float16, shape: [4], data: [1, 2, 3, 4, 5])
        }
        expectTensorFileError(path: nil, mentions: ["tensor 'b'", "bool element 2", "byte value 7"]) {
            _ = try NamedTensor(name: "b", dtype: .bool, shape: [3], data: [0, 1, 7])
        }
        expectTensorFileError(path: nil, mentions: ["tensor 'c'", "needs 3"]) {
            _ = try NamedTensor(name: "c", shape: [3], bools: [true])
        }
    }
}
