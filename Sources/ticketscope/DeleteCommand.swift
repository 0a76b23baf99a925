import ArgumentParser
import Foundation
import RunStore

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a run, or one step of a run, in one transaction.",
        discussion: """
            Without --step the whole run goes: layers, subnetworks, every step's masks, metrics, events and \
            checkpoints. With --step N one step goes with its masks, metrics and events; a 'delete' event \
            records it. Only the last step can be deleted unless --force: step numbers are never reused or \
            renumbered (metrics, notes and reports that name a step stay right), so deleting an earlier step \
            leaves a gap, which `import --step N` can fill again.

            Examples:
              ticketscope delete --run resnet --step 7
              ticketscope delete --run scratch
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("Delete only this step.", valueName: "N")) var step: Int?
    @Flag(help: "Allow deleting a step that is not the last one (leaves a gap in the step numbers).") var force = false

    func run() throws {
        let db = try store.open(.write)
        let run = try db.run(named: runName)
        if let step {
            try db.deleteStep(step, run: run, force: force)
            print("deleted step \(step) of run '\(runName)'")
        } else {
            let steps = try db.steps(of: run).count
            try db.deleteRun(run)
            print("deleted run '\(runName)' (\(steps) step\(steps == 1 ? "" : "s"))")
        }
    }
}
