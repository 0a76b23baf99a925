import ArgumentParser
import RunStore
import StoreJSON

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in a store.",
        discussion: """
            --filter KEY=VALUE (repeatable; all must hold) selects by method, dataset, model, partition, status, \
            seed, name, or any key of the stored configuration (numbers compare numerically).

            Examples:
              ticketscope runs --db runs.sqlite --json
              ticketscope runs --db all.sqlite --filter method=rtl --filter status=complete --filter learning_rate=0.001
            """
    )

    @OptionGroup var store: StoreOption
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(name: .customLong("filter"), help: ArgumentHelp("Only runs with this value (repeatable).", valueName: "key=value"))
    var filters: [String] = []

    func run() throws {
        let db = try store.open(.read)
        let all = try db.runs()
        var selected = all
        for text in filters {
            guard let filter = RunFilter(text) else { throw UsageError("--filter '\(text)' needs the form KEY=VALUE") }
            let configKeys = RunFilter.configKeys(of: all)
            if !RunFilter.columns.contains(filter.key) && !configKeys.contains(filter.key) {
                throw UsageError("--filter key '\(filter.key)' is neither a run column nor a config key of any run (keys: \((RunFilter.columns + configKeys).joined(separator: ", ")))")
            }
            selected = selected.filter(filter.matches)
        }
        let entries = try selected.map { try RunListEntry(store: db, run: $0) }
        if json { return try printJSON(entries) }
        if entries.isEmpty { return print(filters.isEmpty ? "no runs in \(store.db)" : "no run in \(store.db) matches \(filters.joined(separator: " "))") }
        print(table([["run", "method", "status", "subnetworks", "layers", "steps", "last sparsity"]] + entries.map {
            [$0.name, $0.method, $0.status, "\($0.subnetworks)", "\($0.layers)", "\($0.steps)", $0.last_sparsity.map { fixed($0, 4) } ?? "-"]
        }, rightAlign: [3, 4, 5, 6]))
    }
}
