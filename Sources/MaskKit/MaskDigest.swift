/// A 256-bit fingerprint of packed mask words, fed in runs: the same runs in the same order give the same
/// digest, so a step's masks fed tensor by tensor match its stored rows fed one by one. Used to recognise a
/// step imported twice; it is not a cryptographic hash.
public struct MaskDigest: Sendable, Equatable, Hashable {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    private var count: UInt64 = 0

    public init() {}

    public static func == (a: MaskDigest, b: MaskDigest) -> Bool {
        a.count == b.count && a.lanes.0 == b.lanes.0 && a.lanes.1 == b.lanes.1 && a.lanes.2 == b.lanes.2 && a.lanes.3 == b.lanes.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count); hasher.combine(lanes.0); hasher.combine(lanes.1); hasher.combine(lanes.2); hasher.combine(lanes.3)
    }

    /// Feeds one run of words (a tensor's words, or a stored row) and its length.
    public mutating func add(_ words: UnsafeBufferPointer<UInt64>) {
        @inline(__always) func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
            let x = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            return x ^ (x >> 29)
        }
        var (a, b, c, d) = lanes
        var i = 0
        while i + 4 <= words.count {
            a = mix(a, words[i]); b = mix(b, words[i + 1]); c = mix(c, words[i + 2]); d = mix(d, words[i + 3])
            i += 4
        }
        while i < words.count { a = mix(a, words[i]); i += 1 }
        count &+= 1
        lanes = (mix(a, UInt64(words.count) ^ count), b, c, d)
    }

    /// Feeds a whole mask, one run of words per tensor (as its stored rows are).
    public mutating func add(_ mask: Mask) {
        mask.words.withUnsafeBufferPointer { all in
            for t in mask.layout.tensors {
                add(UnsafeBufferPointer(rebasing: all[t.wordOffset..<t.wordOffset + t.wordCount]))
            }
        }
    }
}
