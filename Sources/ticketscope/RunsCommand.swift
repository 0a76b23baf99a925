import ArgumentParser
import RunStore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in a store.",
        discussion: "Example:\n  ticketscope runs --db runs.sqlite --json"
    )

    @OptionGroup var store: StoreOption
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Entry: Encodable {
        let name: String, method: String, status: String, subnetworks: Int, layers: Int, steps: Int
        @Null var last_sparsity: Double?
        let created_at: String
    }

    func run() throws {
        let db = try store.open(.read)
        let entries = try db.runs().map { r in
            let steps = try db.steps(of: r)
            return Entry(name: r.name, method: r.method, status: r.status, subnetworks: try db.subnetworks(of: r).count,
                         layers: try db.layout(of: r).tensors.count, steps: steps.count, last_sparsity: steps.last?.sparsity,
                         created_at: r.createdAt)
        }
        if json { return try printJSON(entries) }
        if entries.isEmpty { return print("no runs in \(store.db)") }
        print(table([["run", "method", "status", "subnetworks", "layers", "steps", "last sparsity"]] + entries.map {
            [$0.name, $0.method, $0.status, "\($0.subnetworks)", "\($0.layers)", "\($0.steps)", $0.last_sparsity.map { fixed($0, 4) } ?? "-"]
        }, rightAlign: [3, 4, 5, 6]))
    }
}
