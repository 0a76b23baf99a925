import ArgumentParser
import MaskKit
import RunStore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a run's layers (with depth groups), subnetworks and steps.",
        discussion: "Example:\n  ticketscope inspect --db runs.sqlite --run demo"
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run to show.", valueName: "name")) var runName: String
    @Flag(help: "Print JSON instead of tables.") var json = false

    struct Layer: Encodable { let index: Int, name: String, shape: [Int], parameters: Int, depth: Int, group: String }
    struct Subnetwork: Encodable {
        let index: Int, name: String
        @Null var synset: String?
    }
    struct Step: Encodable {
        let index: Int, phase: String
        @Null var target_sparsity: Double?
        let sparsity: Double, created_at: String
    }
    struct Output: Encodable {
        let run: String, method: String, status: String, config: String, parameters: Int
        let layers: [Layer], subnetworks: [Subnetwork], steps: [Step]
    }

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let layout = try db.layout(of: r)
        let groups = layout.groups
        let out = Output(
            run: r.name, method: r.method, status: r.status, config: r.configJSON, parameters: layout.parameterCount,
            layers: layout.tensors.enumerated().map { Layer(index: $0.offset, name: $0.element.name, shape: $0.element.shape,
                                                             parameters: $0.element.count, depth: $0.element.depth, group: groups[$0.offset].rawValue) },
            subnetworks: try db.subnetworks(of: r).map { Subnetwork(index: $0.index, name: $0.name, synset: $0.synset) },
            steps: try db.steps(of: r).map { Step(index: $0.index, phase: $0.phase, target_sparsity: $0.targetSparsity, sparsity: $0.sparsity, created_at: $0.createdAt) })
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
