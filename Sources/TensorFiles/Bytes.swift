extension Array where Element == UInt8 {
    /// The unsigned little-endian integer in the `size` (at most 8) bytes at `offset`,
    /// or `nil` when those bytes are not all inside the array.
    func littleEndian(at offset: Int, size: Int) -> UInt64? {
        guard offset >= 0, size <= 8, offset <= count - size else { return nil }
        var value: UInt64 = 0
        for index in stride(from: offset + size - 1, through: offset, by: -1) {
            value = value << 8 | UInt64(self[index])
        }
        return value
    }

    /// Whether the array holds `prefix` starting at `offset`.
    func hasBytes(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        offset >= 0 && offset <= count - prefix.count && self[offset..<offset + prefix.count].elementsEqual(prefix)
    }

    /// Appends the low `size` bytes of `value`, least significant first.
    mutating func appendLittleEndian(_ value: UInt64, size: Int) {
        for shift in 0..<size { append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }
}
