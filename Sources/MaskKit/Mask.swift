import CMaskKernels

/// A binary pruning mask over a ``MaskLayout``, packed 64 elements per `UInt64` word.
///
/// Element `j` of tensor `t` is bit `j % 64` (least significant first) of word
/// `t.wordOffset + j / 64`. A set bit means the weight is kept. This is NumPy's
/// `np.packbits(m, bitorder="little")` read as little-endian `uint64` words.
public struct Mask: Sendable, Equatable {
    /// The layout the bits are laid over.
    public let layout: MaskLayout
    /// The packed bits; `layout.wordCount` words, padding bits zero.
    public private(set) var words: [UInt64]

    /// A mask from packed words; checks the word count and that padding bits are clear.
    public init(layout: MaskLayout, words: [UInt64]) throws {
        guard words.count == layout.wordCount else {
            throw MaskError.wordCountMismatch(expected: layout.wordCount, got: words.count)
        }
        for t in layout.tensors where t.count % 64 != 0 {
            let last = words[t.wordOffset + t.wordCount - 1]
            if last & ~((UInt64(1) << UInt64(t.count % 64)) - 1) != 0 { throw MaskError.paddingBitsSet(tensor: t.name) }
        }
        self.layout = layout
        self.words = words
    }

    /// A mask from one word array per tensor, in layout order (the store's per-layer rows).
    public init(layout: MaskLayout, tensorWords: [[UInt64]]) throws {
        guard tensorWords.count == layout.tensors.count else { throw MaskError.layoutMismatch }
        var all: [UInt64] = []
        all.reserveCapacity(layout.wordCount)
        for (t, w) in zip(layout.tensors, tensorWords) {
            guard w.count == t.wordCount else { throw MaskError.wordCountMismatch(expected: t.wordCount, got: w.count) }
            all.append(contentsOf: w)
        }
        try self.init(layout: layout, words: all)
    }

    /// The mask that keeps every weight.
    public static func full(_ layout: MaskLayout) -> Mask {
        var words = [UInt64](repeating: ~0, count: layout.wordCount)
        for t in layout.tensors where t.count % 64 != 0 {
            words[t.wordOffset + t.wordCount - 1] = (UInt64(1) << UInt64(t.count % 64)) - 1
        }
        return Mask(unchecked: layout, words)
    }

    /// The mask that keeps no weight.
    public static func empty(_ layout: MaskLayout) -> Mask {
        Mask(unchecked: layout, [UInt64](repeating: 0, count: layout.wordCount))
    }

    /// A mask keeping each element independently with probability `density` (reproducible from `seed`).
    public static func random(_ layout: MaskLayout, density: Double, seed: UInt64) throws -> Mask {
        guard density >= 0, density <= 1 else { throw MaskError.invalidDensity(density) }
        var rng = SplitMix64(seed: seed)
        var words = [UInt64](repeating: 0, count: layout.wordCount)
        let full = Mask.full(layout).words
        if density == 0.5 {
            for i in words.indices { words[i] = rng.next() & full[i] }
        } else {
            let threshold = UInt64((density * 0x1p53).rounded(.down))
            for i in words.indices where full[i] != 0 {
                var w: UInt64 = 0
                for b in 0..<64 where (rng.next() >> 11) < threshold { w |= 1 << UInt64(b) }
                words[i] = w & full[i]
            }
        }
        return Mask(unchecked: layout, words)
    }

    init(unchecked layout: MaskLayout, _ words: [UInt64]) {
        self.layout = layout
        self.words = words
    }

    /// Number of kept weights.
    public var popcount: Int { words.withUnsafeBufferPointer { Int(ts_popcount($0.baseAddress, $0.count)) } }

    /// Number of kept weights of tensor `index`.
    public func popcount(tensor index: Int) -> Int {
        let t = layout.tensors[index]
        return words.withUnsafeBufferPointer { Int(ts_popcount($0.baseAddress! + t.wordOffset, t.wordCount)) }
    }

    /// Fraction of weights kept (1 for an empty layout of zero parameters).
    public var density: Double {
        layout.parameterCount == 0 ? 1 : Double(popcount) / Double(layout.parameterCount)
    }

    /// Fraction of weights pruned: `1 - density`.
    public var sparsity: Double { 1 - density }

    /// The words of tensor `index`.
    public func words(tensor index: Int) -> ArraySlice<UInt64> {
        let t = layout.tensors[index]
        return words[t.wordOffset..<(t.wordOffset + t.wordCount)]
    }

    /// Whether element `element` of tensor `index` is kept.
    public func isKept(tensor index: Int, element: Int) -> Bool {
        let t = layout.tensors[index]
        precondition(element >= 0 && element < t.count, "element out of range")
        return words[t.wordOffset + element / 64] >> UInt64(element % 64) & 1 == 1
    }

    /// Sets whether element `element` of tensor `index` is kept.
    public mutating func setKept(_ kept: Bool, tensor index: Int, element: Int) {
        let t = layout.tensors[index]
        precondition(element >= 0 && element < t.count, "element out of range")
        let bit = UInt64(1) << UInt64(element % 64)
        if kept { words[t.wordOffset + element / 64] |= bit } else { words[t.wordOffset + element / 64] &= ~bit }
    }

    private func combined(_ other: Mask, _ op: (UInt64, UInt64) -> UInt64) throws -> Mask {
        guard layout == other.layout else { throw MaskError.layoutMismatch }
        var out = words
        for i in out.indices { out[i] = op(words[i], other.words[i]) }
        return Mask(unchecked: layout, out)
    }

    /// Weights kept by both masks.
    public func intersection(_ other: Mask) throws -> Mask { try combined(other, &) }
    /// Weights kept by either mask.
    public func union(_ other: Mask) throws -> Mask { try combined(other, |) }
    /// Weights kept by this mask and not by `other`.
    public func subtracting(_ other: Mask) throws -> Mask { try combined(other) { $0 & ~$1 } }

    /// Number of weights kept by at least one of the masks: the parameters a set of subnetworks
    /// sharing one weight tensor needs (the paper's "#Params" of RTL).
    public static func unionCount(_ masks: [Mask]) throws -> Int {
        guard let first = masks.first else { throw MaskError.notEnoughMasks(0) }
        var acc = first
        for m in masks.dropFirst() { acc = try acc.union(m) }
        return acc.popcount
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele, Lea, Flood 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
