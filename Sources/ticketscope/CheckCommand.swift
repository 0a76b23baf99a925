import ArgumentParser
import Diagnostics
import Foundation
import RunStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge a run's latest step against a stop rule: exit 0 to go on pruning, 3 to stop.",
        discussion: """
            Use it between pruning iterations of any trainer: import the new masks, then run check. It
            prints one line saying which rule fired at which step and value (or that none did).
            Exit status: 0 go on, 3 stop, 2 malformed rule, 1 other errors (unknown run, bad database).

            \(StopRule.grammar)

            mean-jaccard is the mean off-diagonal global Jaccard of the latest step; max-jaccard its largest
            pair; mean-lift the mean Jaccard over the chance level of independent random masks; onset fires
            once the mean-jaccard curve over the steps so far changes abruptly (see `ticketscope collapse`).

            Examples:
              ticketscope check --run resnet --rule 'mean-jaccard>0.6'
              ticketscope check --run resnet --rule 'onset,mean-jaccard@deep>0.5' --json
              while ticketscope check --run r --rule onset; do prune_more; import_masks; done
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("The stop rule(s); see the grammar above.", valueName: "rule")) var rule: String
    @OptionGroup var detectorOptions: DetectorOptions
    @Flag(help: "Print JSON (fields stop, rule, fired, step, sparsity, value, message).") var json = false

    struct Output: Encodable {
        let stop: Bool, rule: String
        @Null var fired: String?
        let step: Int, sparsity: Double
        @Null var value: Double?
        let message: String
    }

    func run() throws {
        var parsed: StopRule
        do { parsed = try StopRule(rule) } catch let e as DiagnosticsError {
            printError("Error: \(e)")
            throw ExitCode(2)
        }
        parsed.detector = detectorOptions.detector
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
        guard let last = history.steps.last else { throw DiagnosticsError.noSteps(run: r.name) }
        guard history.subnetworks.count >= 2 else {
            throw DiagnosticsError.tooFewSubnetworks(run: r.name, count: history.subnetworks.count, needed: 2, what: "a similarity stop rule")
        }
        let firing = parsed.evaluate(history.steps)
        let message = firing?.summary ?? "go on: no rule of '\(parsed)' fired at step \(last.step) (sparsity \(fixed(last.sparsity))); mean-jaccard = \(fixed(last.global.meanOffDiagonal ?? .nan))"
        if json {
            try printJSON(Output(stop: firing != nil, rule: parsed.description, fired: firing.map { "\($0.clause)" },
                                 step: firing?.step ?? last.step, sparsity: firing?.sparsity ?? last.sparsity, value: firing?.value, message: message))
        } else {
            print(message)
        }
        if firing != nil { throw ExitCode(3) }
    }
}
