/// One prunable tensor of a network, as laid out inside a packed ``Mask``.
///
/// Every tensor starts on a 64-bit word boundary (`wordOffset`), so a layer's bits are a whole
/// run of words: per-layer kernels and the per-layer rows of the store work on words directly.
/// The padding bits after the last element of a tensor are always zero.
public struct TensorLayout: Sendable, Equatable, Codable {
    /// The tensor's name, e.g. `features.3.conv.weight`.
    public let name: String
    /// The tensor's shape (row-major); the empty shape is a scalar.
    public let shape: [Int]
    /// Number of elements (product of `shape`).
    public let count: Int
    /// Index of the first 64-bit word of this tensor inside a mask.
    public let wordOffset: Int
    /// Position of the tensor in the order the network applies it (smaller = shallower).
    public let depth: Int
    /// An explicit layer group, or nil to take it from the depth thirds.
    public let group: LayerGroup?

    /// Number of 64-bit words the tensor occupies.
    public var wordCount: Int { (count + 63) / 64 }
}

/// A depth group of layers: the shallow, middle and deep thirds of the network by default.
public enum LayerGroup: String, Sendable, Codable, CaseIterable, Comparable {
    case shallow, middle, deep

    public static func < (a: LayerGroup, b: LayerGroup) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Errors raised while building layouts and masks.
public enum MaskError: Error, CustomStringConvertible, Equatable {
    case duplicateTensor(String)
    case invalidShape(String, [Int])
    case emptyLayout
    case unknownTensor(String)
    case wordCountMismatch(expected: Int, got: Int)
    case paddingBitsSet(tensor: String)
    case layoutMismatch
    case invalidDensity(Double)
    case emptyGroup(LayerGroup)
    case notEnoughMasks(Int)

    public var description: String {
        switch self {
        case .duplicateTensor(let n): return "tensor '\(n)' appears twice in the layout"
        case .invalidShape(let n, let s): return "tensor '\(n)' has an invalid shape \(s)"
        case .emptyLayout: return "a mask layout needs at least one tensor"
        case .unknownTensor(let n): return "no tensor named '\(n)' in the layout"
        case .wordCountMismatch(let e, let g): return "mask has \(g) words, its layout needs \(e)"
        case .paddingBitsSet(let n): return "tensor '\(n)' has bits set past its last element"
        case .layoutMismatch: return "masks have different layouts"
        case .invalidDensity(let d): return "density \(d) is outside [0, 1]"
        case .emptyGroup(let g): return "layer group '\(g.rawValue)' has no layers"
        case .notEnoughMasks(let n): return "need at least one mask, got \(n)"
        }
    }
}

/// The ordered list of prunable tensors of a network, and where each sits inside a packed mask.
public struct MaskLayout: Sendable, Equatable {
    /// The tensors in layout order (the order masks are stored in).
    public let tensors: [TensorLayout]
    /// Total number of 64-bit words of a mask over this layout.
    public let wordCount: Int
    /// Total number of prunable parameters.
    public let parameterCount: Int

    /// A tensor description used to build a layout.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var depth: Int?
        public var group: LayerGroup?
        /// - Parameters:
        ///   - depth: position in the network; defaults to the entry's index in the list.
        ///   - group: an explicit layer group; defaults to depth thirds.
        public init(name: String, shape: [Int], depth: Int? = nil, group: LayerGroup? = nil) {
            self.name = name; self.shape = shape; self.depth = depth; self.group = group
        }
    }

    /// Builds a layout; tensors are placed in the given order, each on a word boundary.
    public init(_ entries: [Entry]) throws {
        guard !entries.isEmpty else { throw MaskError.emptyLayout }
        var seen = Set<String>()
        var tensors: [TensorLayout] = []
        var offset = 0, params = 0
        for (i, e) in entries.enumerated() {
            guard seen.insert(e.name).inserted else { throw MaskError.duplicateTensor(e.name) }
            guard e.shape.allSatisfy({ $0 >= 0 }) else { throw MaskError.invalidShape(e.name, e.shape) }
            var count = 1
            for d in e.shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw MaskError.invalidShape(e.name, e.shape) }
                count = p
            }
            let t = TensorLayout(name: e.name, shape: e.shape, count: count, wordOffset: offset,
                                 depth: e.depth ?? i, group: e.group)
            tensors.append(t)
            offset += t.wordCount
            params += count
        }
        self.tensors = tensors
        self.wordCount = offset
        self.parameterCount = params
    }

    /// Index of the tensor with this name.
    public func index(of name: String) throws -> Int {
        guard let i = tensors.firstIndex(where: { $0.name == name }) else { throw MaskError.unknownTensor(name) }
        return i
    }

    /// The group of every tensor: its explicit group if given, else the third of the depth order it
    /// falls in (tensor at rank r of L in depth order → shallow if 3r < L, middle if 3r < 2L, else deep).
    public var groups: [LayerGroup] {
        let order = tensors.indices.sorted { (tensors[$0].depth, $0) < (tensors[$1].depth, $1) }
        var result = [LayerGroup](repeating: .shallow, count: tensors.count)
        let n = tensors.count
        for (rank, i) in order.enumerated() {
            if let g = tensors[i].group { result[i] = g; continue }
            result[i] = 3 * rank < n ? .shallow : (3 * rank < 2 * n ? .middle : .deep)
        }
        return result
    }

    /// Indices of the tensors in a group, in layout order.
    public func tensorIndices(in group: LayerGroup) -> [Int] {
        groups.enumerated().filter { $0.element == group }.map(\.offset)
    }
}
