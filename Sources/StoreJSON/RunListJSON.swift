import RunStore

/// One run in `ticketscope runs --json` and `/api/runs`.
public struct RunListEntry: Encodable {
    public let name: String, method: String, status: String, subnetworks: Int, layers: Int, steps: Int
    @Null public var last_sparsity: Double?
    public let created_at: String

    /// The entry of `run`, read from `store`.
    public init(store: RunStore, run r: RunInfo) throws {
        let steps = try store.steps(of: r)
        name = r.name; method = r.method; status = r.status
        subnetworks = try store.subnetworks(of: r).count
        layers = try store.layout(of: r).tensors.count
        self.steps = steps.count
        last_sparsity = steps.last?.sparsity
        created_at = r.createdAt
    }
}
