import ArgumentParser
import MaskKit
import RunStore
import StoreJSON

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a run's layers (with depth groups), subnetworks and steps.",
        discussion: "Example:\n  ticketscope inspect --db runs.sqlite --run demo"
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run to show.", valueName: "name")) var runName: String
    @Flag(help: "Print JSON instead of tables.") var json = false

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let out = try RunDetail(store: db, run: r)
        if json { return try printJSON(out) }
        print("run \(out.run)  method \(out.method)  status \(out.status)  \(out.parameters) prunable parameters\n")
        print(table([["layer", "name", "shape", "params", "depth", "group"]] + out.layers.map {
            ["\($0.index)", $0.name, $0.shape.map(String.init).joined(separator: "×"), "\($0.parameters)", "\($0.depth)", $0.group]
        }, rightAlign: [0, 3, 4]))
        print("\nsubnetworks: " + out.subnetworks.map { sub in sub.synset.map { "\(sub.name) (\($0))" } ?? sub.name }.joined(separator: ", "))
        print("")
        if out.steps.isEmpty { return print("no steps yet") }
        print(table([["step", "phase", "target", "sparsity"]] + out.steps.map {
            ["\($0.index)", $0.phase, $0.target_sparsity.map { fixed($0, 4) } ?? "-", fixed($0.sparsity, 4)]
        }, rightAlign: [0, 2, 3]))
    }
}
