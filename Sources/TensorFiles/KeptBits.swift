import CMaskKernels

/// Which elements of a tensor count as kept.
public enum KeptRule: Sendable, Equatable {
    /// Kept = nonzero (weights of a pruned model, or masks of any dtype); a float NaN is an error.
    case nonzero
    /// The tensor is a mask: every element must be 0 or 1 (or -0.0); 1 = kept.
    case binary
}

/// Packing kept flags from raw little-endian element bytes into 64-bit words, 64 elements per word.
enum KeptBits {
    /// Packs `count` elements of `dtype` from `bytes` into `words` (which must hold `(count + 63) / 64` words;
    /// every one of them is overwritten, trailing bits zero).
    /// - Throws: `TensorFileError` without a path, naming `tensor` and the first element that is NaN,
    ///   not 0 or 1 under `.binary`, or (for `bool`) a byte other than 0 and 1.
    static func pack(_ bytes: UnsafeRawBufferPointer, dtype: TensorDType, count: Int, rule: KeptRule,
                     into words: UnsafeMutableBufferPointer<UInt64>, tensor: String) throws {
        precondition(bytes.count >= count * dtype.elementSize && words.count >= (count + 63) / 64)
        guard count > 0 else { return }
        let bad: Int?
        switch dtype {
        case .bool: bad = packBytes(bytes, count: count, into: words, strict: true)
        case .uint8, .int8: bad = packBytes(bytes, count: count, into: words, strict: rule == .binary)
        case .uint16, .int16: bad = packElements(bytes, count: count, into: words, as: UInt16.self) { ($0 != 0, rule == .binary && $0 > 1) }
        case .uint32, .int32: bad = packElements(bytes, count: count, into: words, as: UInt32.self) { ($0 != 0, rule == .binary && $0 > 1) }
        case .uint64, .int64: bad = packElements(bytes, count: count, into: words, as: UInt64.self) { ($0 != 0, rule == .binary && $0 > 1) }
        case .float16: bad = packHalves(bytes, count: count, into: words, rule: rule, infinity: 0x7C00, one: 0x3C00)
        case .bfloat16: bad = packHalves(bytes, count: count, into: words, rule: rule, infinity: 0x7F80, one: 0x3F80)
        case .float32: bad = packFloats(bytes, count: count, into: words, as: UInt32.self, rule: rule, infinity: 0x7F80_0000, one: 0x3F80_0000)
        case .float64:
            bad = packFloats(bytes, count: count, into: words, as: UInt64.self, rule: rule,
                             infinity: 0x7FF0_0000_0000_0000, one: 0x3FF0_0000_0000_0000)
        }
        if let index = bad { throw failure(bytes, dtype: dtype, index: index, tensor: tensor) }
    }

    /// One-byte elements, 64 at a time by the SIMD kernel. Returns the first element that is not 0 or 1 when `strict`.
    private static func packBytes(_ bytes: UnsafeRawBufferPointer, count: Int, into words: UnsafeMutableBufferPointer<UInt64>,
                                  strict: Bool) -> Int? {
        guard count > 0 else { return nil }
        let bad = ts_pack_bytes(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count, words.baseAddress!, strict ? 1 : 0)
        return bad < 0 ? nil : Int(bad)
    }

    /// 16-bit floats by the SIMD kernel; on a bad element the scalar classification finds the first one.
    private static func packHalves(_ bytes: UnsafeRawBufferPointer, count: Int, into words: UnsafeMutableBufferPointer<UInt64>,
                                   rule: KeptRule, infinity: UInt16, one: UInt16) -> Int? {
        guard count > 0 else { return nil }
        #if _endian(little)
        if bytes.baseAddress!.alignedUp(for: UInt16.self) == bytes.baseAddress! {
            let halves = bytes.baseAddress!.assumingMemoryBound(to: UInt16.self)
            guard ts_pack_halves(halves, count, words.baseAddress!, infinity, one, rule == .binary ? 1 : 0) != 0 else { return nil }
        }
        #endif
        return packFloats(bytes, count: count, into: words, as: UInt16.self, rule: rule, infinity: infinity, one: one)
    }

    /// Elements of 2, 4 or 8 bytes classified by `classify(bits) -> (kept, bad)`.
    @inline(__always)
    private static func packElements<T: FixedWidthInteger & UnsignedInteger>(
        _ bytes: UnsafeRawBufferPointer, count: Int, into words: UnsafeMutableBufferPointer<UInt64>, as: T.Type,
        _ classify: (T) -> (kept: Bool, bad: Bool)
    ) -> Int? {
        let base = bytes.baseAddress!
        let size = MemoryLayout<T>.size
        var anyBad = false
        var w = 0
        var start = 0
        while start < count {
            let end = min(start + 64, count)
            var word: UInt64 = 0
            for j in start..<end {
                let (kept, bad) = classify(T(littleEndian: base.loadUnaligned(fromByteOffset: j * size, as: T.self)))
                word |= UInt64(kept ? 1 : 0) << UInt64(j - start)
                anyBad = anyBad || bad
            }
            words[w] = word
            w += 1
            start = end
        }
        guard anyBad else { return nil }
        return (0..<count).first { classify(T(littleEndian: base.loadUnaligned(fromByteOffset: $0 * size, as: T.self))).bad }
    }

    /// IEEE-style floats given by the bit patterns of +infinity and 1.0: NaN is an error;
    /// under `.binary` anything but ±0 and 1.0 is too.
    @inline(__always)
    private static func packFloats<T: FixedWidthInteger & UnsignedInteger>(
        _ bytes: UnsafeRawBufferPointer, count: Int, into words: UnsafeMutableBufferPointer<UInt64>, as type: T.Type,
        rule: KeptRule, infinity: T, one: T
    ) -> Int? {
        let magnitudeMask = ~T(0) >> 1
        if rule == .binary {
            return packElements(bytes, count: count, into: words, as: type) { bits in
                let magnitude = bits & magnitudeMask
                return (magnitude != 0, magnitude != 0 && bits != one)
            }
        }
        return packElements(bytes, count: count, into: words, as: type) { bits in
            let magnitude = bits & magnitudeMask
            return (magnitude != 0, magnitude > infinity)
        }
    }

    /// The error for element `index`, saying what it holds.
    private static func failure(_ bytes: UnsafeRawBufferPointer, dtype: TensorDType, index: Int, tensor: String) -> TensorFileError {
        let value = describe(bytes, dtype: dtype, index: index)
        let reason: String
        switch dtype {
        case .bool: reason = "bool element \(index) has byte value \(value) (expected 0 or 1)"
        case _ where value == "NaN": reason = "element \(index) is NaN; a mask must be NaN-free"
        default: reason = "element \(index) is \(value), not 0 or 1"
        }
        return TensorFileError(path: nil, tensor: tensor, reason: reason)
    }

    /// Element `index` as text, e.g. `0.0371`, `-3` or `NaN`.
    static func describe(_ bytes: UnsafeRawBufferPointer, dtype: TensorDType, index: Int) -> String {
        let base = bytes.baseAddress!
        let offset = index * dtype.elementSize
        func bits<T: FixedWidthInteger>(_: T.Type) -> T { T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        func text(_ value: Double) -> String { value.isNaN ? "NaN" : "\(value)" }
        switch dtype {
        case .bool, .uint8: return "\(bits(UInt8.self))"
        case .int8: return "\(bits(Int8.self))"
        case .uint16: return "\(bits(UInt16.self))"
        case .int16: return "\(bits(Int16.self))"
        case .uint32: return "\(bits(UInt32.self))"
        case .int32: return "\(bits(Int32.self))"
        case .uint64: return "\(bits(UInt64.self))"
        case .int64: return "\(bits(Int64.self))"
        case .float16: return text(Double(halfToFloat(bits(UInt16.self))))
        case .bfloat16: return text(Double(Float(bitPattern: UInt32(bits(UInt16.self)) << 16)))
        case .float32: return text(Double(Float(bitPattern: bits(UInt32.self))))
        case .float64: return text(Double(bitPattern: bits(UInt64.self)))
        }
    }

    /// An IEEE half converted to Float (exact).
    private static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h >> 15 == 1 ? -1 : 1
        let exponent = Int(h >> 10 & 0x1F), mantissa = Float(h & 0x3FF)
        if exponent == 0 { return sign * mantissa * 0x1p-24 }
        if exponent == 31 { return mantissa == 0 ? sign * .infinity : .nan }
        return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
