import ArgumentParser
import Diagnostics
import Foundation
import RunStore
import StoreJSON

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge a run's latest step against a stop rule: exit 0 to go on pruning, 3 to stop.",
        discussion: """
            Use it between pruning iterations of any trainer: import the new masks, then run check. It prints one line \
            saying which rule fired at which step, with the rule's own measure at the latest step (or that none fired). \
            Exit status: 0 go on, 3 stop, 2 malformed rule, 1 other errors (unknown run, bad database, a depth group \
            the run lacks).

            \(StopRule.grammar)

            mean-jaccard is the mean off-diagonal global Jaccard of the latest step; max-jaccard its largest pair; \
            mean-corrected the mean chance-corrected Jaccard (J − chance) / (1 − chance), 0 for random masks and 1 for \
            identical ones; mean-lift the mean Jaccard over chance (grows as masks thin, even for random masks). onset \
            fires once the curve of --measure over the steps so far has an onset: exactly what `ticketscope collapse` \
            reports on the same steps, provisional onsets included (the JSON says which).

            Examples:
              ticketscope check --run resnet --rule 'mean-jaccard>0.6'
              ticketscope check --run resnet --rule 'onset,mean-jaccard@deep>0.5' --json
              ticketscope check --run resnet --rule onset --measure corrected
              while ticketscope check --run r --rule onset; do prune_more; import_masks; done
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("The stop rule(s); see the grammar above.", valueName: "rule")) var rule: String
    @Option(help: ArgumentHelp("Similarity curve onset clauses read: raw, corrected (for chance) or lift.", valueName: "raw|corrected|lift"))
    var measure: SimilarityMeasure = .raw
    @OptionGroup var detectorOptions: DetectorOptions
    @Flag(help: "Print JSON (fields stop, rule, fired, step, sparsity, measure, value, onset, clauses, message).") var json = false

    struct ClauseJSON: Encodable {
        let rule: String, measure: String
        @Null var value: Double?
        let fired: Bool
        @Null var onset: OnsetJSON?
    }
    struct Output: Encodable {
        let stop: Bool, rule: String
        @Null var fired: String?
        let step: Int, sparsity: Double
        let measure: String
        @Null var value: Double?
        @Null var onset: OnsetJSON?
        let clauses: [ClauseJSON]
        let message: String
    }

    func run() throws {
        var parsed: StopRule
        do { parsed = try StopRule(rule) } catch let e as DiagnosticsError {
            printError("Error: \(e)")
            throw ExitCode(2)
        }
        parsed.detector = detectorOptions.detector
        parsed.onsetMeasure = measure
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
        guard !history.steps.isEmpty else { throw DiagnosticsError.noSteps(run: r.name) }
        guard history.subnetworks.count >= 2 else {
            throw DiagnosticsError.tooFewSubnetworks(run: r.name, count: history.subnetworks.count, needed: 2, what: "a similarity stop rule")
        }
        for scope in parsed.scopes.compactMap({ $0 }) where history.steps.last?.groups[scope] == nil {
            throw DiagnosticsError.missingScope(run: r.name, scope: scope.rawValue)
        }
        guard let judgement = parsed.judge(history.steps) else { throw DiagnosticsError.noSteps(run: r.name) }
        var message = judgement.summary
        if judgement.firing == nil, parsed.clauses.contains(where: { if case .onset = $0 { return true } else { return false } }),
           let why = OnsetDetector.tooShort(history.steps.count) {
            message += " (no onset possible yet: \(why))"
        }
        if json {
            let reported = judgement.reported
            try printJSON(Output(stop: judgement.firing != nil, rule: parsed.description, fired: judgement.firing.map { "\($0.clause)" },
                                 step: judgement.step, sparsity: judgement.sparsity, measure: reported.measureName, value: reported.value,
                                 onset: OnsetJSON(reported.onset, steps: history.steps.map(\.step)),
                                 clauses: judgement.verdicts.map {
                                     ClauseJSON(rule: "\($0.clause)", measure: $0.measureName, value: $0.value, fired: $0.fired,
                                                onset: OnsetJSON($0.onset, steps: history.steps.map(\.step)))
                                 },
                                 message: message))
        } else {
            print(message)
        }
        if judgement.firing != nil { throw ExitCode(3) }
    }
}
