/// A 128-bit fingerprint of packed mask words, fed in pieces (a step's masks tensor by tensor, or its
/// stored rows one at a time give the same digest). Used to recognise a step imported twice; it is not
/// a cryptographic hash.
public struct MaskDigest: Sendable, Equatable, Hashable {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var count: UInt64 = 0

    public init() {}

    /// Feeds `words` in order.
    public mutating func add(_ words: UnsafeBufferPointer<UInt64>) {
        for w in words {
            count &+= 1
            a = (a ^ w) &* 0x9E37_79B9_7F4A_7C15
            a ^= a >> 29
            b = (b &+ (w ^ count)) &* 0xBF58_476D_1CE4_E5B9
            b ^= b >> 31
        }
    }

    /// Feeds a whole mask, tensor by tensor.
    public mutating func add(_ mask: Mask) {
        mask.words.withUnsafeBufferPointer { add($0) }
    }
}
