import MaskKit
import RunStore

/// A run's layers, subnetworks and steps: `ticketscope inspect --json` and `/api/runs/NAME`.
public struct RunDetail: Encodable {
    public struct Layer: Encodable { public let index: Int, name: String, shape: [Int], parameters: Int, depth: Int, group: String }
    public struct Subnetwork: Encodable {
        public let index: Int, name: String
        @Null public var synset: String?
    }
    public struct Step: Encodable {
        public let index: Int, phase: String
        @Null public var target_sparsity: Double?
        public let sparsity: Double, created_at: String
    }

    public let run: String, method: String, status: String, config: String, parameters: Int
    public let layers: [Layer], subnetworks: [Subnetwork], steps: [Step]

    /// The detail of `run`, read from `store`.
    public init(store: RunStore, run r: RunInfo) throws {
        let layout = try store.layout(of: r)
        let groups = layout.groups
        run = r.name; method = r.method; status = r.status; config = r.configJSON; parameters = layout.parameterCount
        layers = layout.tensors.enumerated().map {
            Layer(index: $0.offset, name: $0.element.name, shape: $0.element.shape, parameters: $0.element.count,
                  depth: $0.element.depth, group: groups[$0.offset].rawValue)
        }
        subnetworks = try store.subnetworks(of: r).map { Subnetwork(index: $0.index, name: $0.name, synset: $0.synset) }
        steps = try store.steps(of: r).map {
            Step(index: $0.index, phase: $0.phase, target_sparsity: $0.targetSparsity, sparsity: $0.sparsity, created_at: $0.createdAt)
        }
    }
}
