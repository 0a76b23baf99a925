import Foundation

/// Named Float32 arrays as one blob (a store checkpoint): for each name in sorted order, a
/// little-endian UInt32 name length, the UTF-8 name, a UInt32 value count and the values.
public enum ModelCheckpoint {
    /// The blob of `state`.
    public static func encode(_ state: [String: [Float]]) -> Data {
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        for name in state.keys.sorted() {
            let values = state[name]!
            u32(name.utf8.count); data.append(contentsOf: Array(name.utf8))
            u32(values.count)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    /// The state in a blob made by ``encode(_:)``; `what` names it in errors.
    public static func decode(_ data: Data, what: String) throws -> [String: [Float]] {
        let bytes = [UInt8](data)
        var i = 0
        func u32() throws -> Int {
            guard i + 4 <= bytes.count else { throw LotteryError.unavailable("checkpoint '\(what)' is truncated") }
            let v = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            i += 4
            return Int(v)
        }
        var out: [String: [Float]] = [:]
        while i < bytes.count {
            let n = try u32()
            guard i + n <= bytes.count else { throw LotteryError.unavailable("checkpoint '\(what)' is truncated") }
            let name = String(decoding: bytes[i..<(i + n)], as: UTF8.self); i += n
            let count = try u32()
            guard i + 4 * count <= bytes.count else { throw LotteryError.unavailable("checkpoint '\(what)' is truncated") }
            out[name] = (0..<count).map { j in
                let k = i + 4 * j
                return Float(bitPattern: UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24)
            }
            i += 4 * count
        }
        return out
    }
}
