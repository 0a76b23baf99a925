/// Reads space-separated fields of one line of a WordNet database file.
struct FieldScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private let end: Int

    /// A scanner over `bytes[start..<end]`, which should hold one line without its newline.
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.bytes = bytes
        position = start
        self.end = end
    }

    /// The byte range of the next field, or nil at the end of the line.
    mutating func next() -> Range<Int>? {
        while position < end, bytes[position] == UInt8(ascii: " ") { position += 1 }
        guard position < end else { return nil }
        let start = position
        while position < end, bytes[position] != UInt8(ascii: " ") { position += 1 }
        return start..<position
    }

    /// The next field as text.
    mutating func nextString() -> String? {
        next().map { string($0) }
    }

    /// The next field as a number in `radix` (10 or 16), or nil if it is missing or not a number.
    mutating func nextNumber(radix: Int = 10) -> Int? {
        guard let range = next(), range.count <= 12 else { return nil }
        var value = 0
        for index in range {
            guard let digit = digitValue(bytes[index]), digit < radix else { return nil }
            value = value * radix + digit
        }
        return value
    }

    /// Skips `count` fields; false if the line ends first.
    mutating func skip(_ count: Int) -> Bool {
        for _ in 0..<count where next() == nil { return false }
        return true
    }

    /// True if the field in `range` holds exactly `text` (ASCII).
    func field(_ range: Range<Int>, is text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return zip(range, expected).allSatisfy { bytes[$0] == $1 }
    }

    /// The text of the bytes in `range`.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Everything after the current position up to the end of the line.
    var rest: Range<Int> { position..<end }

    private func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        default: return nil
        }
    }
}

/// Calls `body` with the start and end (newline excluded) of every line of `bytes` that does not begin
/// with a space; WordNet files open with a licence whose lines begin with two spaces.
func forEachEntryLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) throws -> Void) rethrows {
    var start = 0
    while start < bytes.count {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > start, bytes[start] != UInt8(ascii: " ") {
            try body(start, end)
        }
        start = end + 1
    }
}
