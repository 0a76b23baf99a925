/// The dictionary at the start of a .npy file, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader {
    let dtype: TensorDType
    let bigEndian: Bool
    let fortranOrder: Bool
    let shape: [Int]

    private enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    /// Parses the header text, a Python dict literal with exactly the keys descr, fortran_order and shape.
    init(parsing text: ArraySlice<UInt8>, tensor: String) throws {
        var parser = LiteralParser(bytes: Array(text), tensor: tensor)
        let entries = try parser.dictionary()
        var values: [String: Value] = [:]
        for (key, value) in entries {
            guard ["descr", "fortran_order", "shape"].contains(key) else { throw parser.garbled("unexpected key '\(key)'") }
            guard values.updateValue(value, forKey: key) == nil else { throw parser.garbled("duplicate key '\(key)'") }
        }
        guard case .string(let descr)? = values["descr"] else { throw parser.garbled("'descr' is missing or not a string") }
        guard case .bool(let fortranOrder)? = values["fortran_order"] else {
            throw parser.garbled("'fortran_order' is missing or not True/False")
        }
        guard case .tuple(let shape)? = values["shape"] else { throw parser.garbled("'shape' is missing or not a tuple") }
        guard let (dtype, bigEndian) = NPYHeader.dtype(descr: descr) else {
            throw TensorFileError(
                path: nil, tensor: tensor,
                reason: "unsupported dtype '\(descr)' (supported: |b1, |u1, |i1 and <, > u2, i2, u4, i4, u8, i8, f2, f4, f8)")
        }
        self.dtype = dtype
        self.bigEndian = bigEndian
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The dtype and byte order a NumPy descr such as `<f4` or `|b1` names, or `nil` if unsupported.
    /// NumPy never writes `=` (native order) in a file; it is read as little-endian.
    private static func dtype(descr: String) -> (TensorDType, bigEndian: Bool)? {
        guard let order = descr.first, "<>|=".contains(order) else { return nil }
        let dtype: TensorDType
        switch descr.dropFirst() {
        case "b1": dtype = .bool
        case "u1": dtype = .uint8
        case "i1": dtype = .int8
        case "u2": dtype = .uint16
        case "i2": dtype = .int16
        case "u4": dtype = .uint32
        case "i4": dtype = .int32
        case "u8": dtype = .uint64
        case "i8": dtype = .int64
        case "f2": dtype = .float16
        case "f4": dtype = .float32
        case "f8": dtype = .float64
        default: return nil
        }
        guard dtype.elementSize == 1 || order != "|" else { return nil }
        return (dtype, order == ">")
    }

    /// A parser for the subset of Python literals NumPy writes in .npy headers.
    private struct LiteralParser {
        let bytes: [UInt8]
        let tensor: String
        var position = 0

        func garbled(_ detail: String) -> TensorFileError {
            TensorFileError(path: nil, tensor: tensor, reason: "garbled .npy header: \(detail)")
        }

        /// `{key: value, ...}` with an optional trailing comma, followed only by whitespace.
        mutating func dictionary() throws -> [(String, Value)] {
            try expect(UInt8(ascii: "{"))
            var entries: [(String, Value)] = []
            while try peek() != UInt8(ascii: "}") {
                guard case .string(let key) = try value() else { throw garbled("dictionary key at byte \(position) is not a string") }
                try expect(UInt8(ascii: ":"))
                entries.append((key, try value()))
                guard try peek() == UInt8(ascii: ",") else { break }
                position += 1
            }
            try expect(UInt8(ascii: "}"))
            guard bytes[position...].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) else {
                throw garbled("unexpected text after the dictionary at byte \(position)")
            }
            return entries
        }

        private mutating func value() throws -> Value {
            let start = try peek()
            if start == UInt8(ascii: "'") || start == UInt8(ascii: "\"") {
                position += 1
                guard let end = bytes[position...].firstIndex(of: start) else { throw garbled("unterminated string") }
                let text = String(decoding: bytes[position..<end], as: UTF8.self)
                position = end + 1
                return .string(text)
            }
            if start == UInt8(ascii: "(") { return .tuple(try tuple()) }
            if start == UInt8(ascii: "[") {
                throw TensorFileError(path: nil, tensor: tensor, reason: "unsupported dtype: structured (record) arrays are not supported")
            }
            for (word, flag) in [("True", true), ("False", false)] where bytes[position...].starts(with: word.utf8) {
                position += word.utf8.count
                return .bool(flag)
            }
            throw garbled("unexpected character at byte \(position)")
        }

        /// `()`, `(3,)`, `(3, 4)`: integers (negative ones are rejected later), Python 2's `L` suffix allowed.
        private mutating func tuple() throws -> [Int] {
            try expect(UInt8(ascii: "("))
            var items: [Int] = []
            while try peek() != UInt8(ascii: ")") {
                let start = position
                if bytes[position] == UInt8(ascii: "-") { position += 1 }
                let digits = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                    position += 1
                }
                guard position > digits else { throw garbled("expected an integer at byte \(start)") }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                guard let item = Int(text) else {
                    throw TensorFileError(path: nil, tensor: tensor, reason: "shape dimension \(text) is out of range")
                }
                items.append(item)
                if position < bytes.count, bytes[position] == UInt8(ascii: "L") { position += 1 }
                guard try peek() == UInt8(ascii: ",") else { break }
                position += 1
            }
            try expect(UInt8(ascii: ")"))
            return items
        }

        /// Skips whitespace and returns the next byte without consuming it.
        private mutating func peek() throws -> UInt8 {
            while position < bytes.count, bytes[position] == 0x20 { position += 1 }
            guard position < bytes.count else { throw garbled("header ends early") }
            return bytes[position]
        }

        private mutating func expect(_ byte: UInt8) throws {
            guard try peek() == byte else { throw garbled("expected '\(Character(Unicode.Scalar(byte)))' at byte \(position)") }
            position += 1
        }
    }
}
