import Foundation

/// The JSON the CLI's `--json` prints and the web view's `/api` serves: pretty-printed, keys sorted,
/// slashes unescaped, so both give the same bytes for the same store.
public enum JSONOutput {
    /// `value` encoded.
    public static func encoded<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// Encodes an optional as JSON `null` instead of leaving the key out, so scripts always find every field.
@propertyWrapper
public struct Null<T: Encodable>: Encodable {
    public var wrappedValue: T?
    public init(wrappedValue: T?) { self.wrappedValue = wrappedValue }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}
