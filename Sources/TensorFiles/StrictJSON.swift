import Foundation

/// A JSON value whose object members keep the order of the text.
enum JSONValue {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's literal text, e.g. `-12` or `1.5e3`.
    case number(String)
    case bool(Bool)
    case null

    /// The value as an `Int` if it is a number written as a plain integer that fits.
    var integer: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }
}

/// Why `StrictJSON.parse` rejected a text; offsets count bytes from the start of the text.
enum JSONParseError: Error {
    case syntax(String, offset: Int)
    case duplicateKey(String, offset: Int)
}

/// A strict RFC 8259 JSON parser that keeps object member order and rejects duplicate keys,
/// neither of which Foundation's `JSONSerialization` does.
struct StrictJSON {
    /// Deeper nesting is rejected rather than risking the stack.
    static let maximumDepth = 128

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Parses a complete JSON text (UTF-8, surrounding whitespace allowed).
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw JSONParseError.syntax("the text is not valid UTF-8", offset: 0)
        }
        var parser = StrictJSON(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.syntax("unexpected text after the JSON value") }
        return value
    }

    /// `string` as a JSON string literal, quotes included.
    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func syntax(_ message: String) -> JSONParseError {
        .syntax(message, offset: position)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value() throws -> JSONValue {
        guard position < bytes.count else { throw syntax("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try nested { try $0.object() }
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw syntax("unexpected character")
        }
    }

    private mutating func nested(_ parse: (inout StrictJSON) throws -> JSONValue) throws -> JSONValue {
        guard depth < StrictJSON.maximumDepth else { throw syntax("nesting deeper than \(StrictJSON.maximumDepth)") }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    private mutating func object() throws -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            let keyOffset = position
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw syntax("expected a string key") }
            let key = try string()
            guard keys.insert(key).inserted else { throw JSONParseError.duplicateKey(key, offset: keyOffset) }
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw syntax("expected ':'") }
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
        } while try consume(UInt8(ascii: ","))
        guard try consume(UInt8(ascii: "}")) else { throw syntax("expected ',' or '}'") }
        return .object(members)
    }

    private mutating func array() throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
        } while try consume(UInt8(ascii: ","))
        guard try consume(UInt8(ascii: "]")) else { throw syntax("expected ',' or ']'") }
        return .array(elements)
    }

    /// Consumes `byte` if it is next.
    private mutating func consume(_ byte: UInt8) throws -> Bool {
        guard position < bytes.count else { throw syntax("unexpected end of text") }
        guard bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func string() throws -> String {
        position += 1
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw syntax("unterminated string") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"): utf8 += try escape()
            case 0..<0x20: throw syntax("control character in string")
            default: utf8.append(byte)
            }
        }
    }

    /// The UTF-8 bytes of the escape sequence after a backslash.
    private mutating func escape() throws -> [UInt8] {
        guard position < bytes.count else { throw syntax("unterminated string") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [byte]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"): break
        default: throw syntax("invalid escape sequence")
        }
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                throw syntax("unpaired surrogate escape")
            }
            position += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw syntax("unpaired surrogate escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw syntax("unpaired surrogate escape") }
        return Array(String(scalar).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4,
              let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
              bytes[position..<position + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { throw syntax("invalid \\u escape") }
        position += 4
        return code
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        guard bytes[position...].starts(with: word.utf8) else { throw syntax("unexpected character") }
        position += word.utf8.count
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws -> JSONValue {
        let start = position
        func isDigit(_ offset: Int) -> Bool {
            offset < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset])
        }
        func digits() throws {
            guard isDigit(position) else { throw syntax("invalid number") }
            while isDigit(position) { position += 1 }
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            try digits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try digits()
        }
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }
}
