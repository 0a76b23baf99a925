import MaskKit
import RunStore

/// The K×K Jaccard matrix of a run's masks at one step: `ticketscope similarity --json` and
/// `/api/runs/NAME/similarity`.
public struct SimilarityJSON: Encodable {
    /// Which weights the matrix covers: all prunable weights, one layer, or a depth group.
    public enum Scope: Equatable, Sendable {
        case global
        case layer(String)
        case group(LayerGroup)

        /// `global`, `layer:NAME` or `group:shallow|middle|deep` — the `scope` field of the output.
        public init?(_ text: String) {
            if text == "global" { self = .global; return }
            if text.hasPrefix("layer:") { self = .layer(String(text.dropFirst(6))); return }
            if text.hasPrefix("group:"), let g = LayerGroup(rawValue: String(text.dropFirst(6))) { self = .group(g); return }
            return nil
        }

        /// The text of ``init(_:)``.
        public var name: String {
            switch self {
            case .global: return "global"
            case .layer(let l): return "layer:\(l)"
            case .group(let g): return "group:\(g.rawValue)"
            }
        }
    }

    /// A layer the run does not have.
    public struct UnknownLayer: Error, CustomStringConvertible {
        public let run: String, layer: String
        public var description: String { "run '\(run)' has no layer '\(layer)' (see `ticketscope inspect --run \(run)`)" }
    }

    public let run: String, step: Int, sparsity: Double, scope: String, parameters: Int
    public let subnetworks: [String], ones: [Int], matrix: [[Double]], chance_matrix: [[Double]]
    @Null public var mean_jaccard: Double?

    /// The matrix of `run` at `step` (nil: the last step) over `scope`.
    /// - Throws: ``UnknownLayer``, or the store's error for a missing step.
    public init(store: RunStore, run r: RunInfo, step: Int?, scope: Scope) throws {
        let s = try store.step(of: r, index: step)
        let masks = try store.masks(of: r, step: s.index)
        let layout = try store.layout(of: r)
        let jaccardScope: SimilarityScope
        switch scope {
        case .global: jaccardScope = .global
        case .group(let g): jaccardScope = .group(g)
        case .layer(let layer):
            guard let i = layout.tensors.firstIndex(where: { $0.name == layer }) else { throw UnknownLayer(run: r.name, layer: layer) }
            jaccardScope = .tensor(i)
        }
        let m = try Jaccard.matrix(masks, scope: jaccardScope)
        let k = m.count
        run = r.name; self.step = s.index; sparsity = s.sparsity; self.scope = scope.name; parameters = m.parameterCount
        subnetworks = try store.subnetworks(of: r).map(\.name)
        ones = m.ones; matrix = m.jaccard
        chance_matrix = (0..<k).map { i in (0..<k).map { j in i == j ? 1 : m.chanceJaccard(i, j) } }
        mean_jaccard = m.meanOffDiagonal
    }
}
