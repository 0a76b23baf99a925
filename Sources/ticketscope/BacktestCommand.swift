import ArgumentParser
import Diagnostics
import RunStore
import StoreJSON

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay stop rules on recorded runs: when would each have fired, and what would it have kept?",
        discussion: """
            For runs with a quality metric (balanced_accuracy, psnr or si_snri per subnetwork), each rule is judged \
            after every pruning step on the steps so far — what `ticketscope check` would have said in a live loop.

            Per rule: fired_step, the first step at which it fires (null: never); kept_step, the step before — the \
            mask a user who stopped would keep (the last step if the rule never fires); oracle_step, the last step \
            before the run's quality onset found by `collapse` (the last step if none); iterations_saved, the steps \
            the run went on for after fired_step; steps_past_oracle, kept minus oracle in steps (positive: kept a \
            mask past the quality onset). With several runs (--run repeated, or --all) a summary per rule follows.

            Examples:
              ticketscope backtest --run demo-rtl --rule onset --rule onset-corrected
              ticketscope backtest --all --rule onset --measure corrected --json
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("A run to replay (repeatable).", valueName: "name")) var runNames: [String] = []
    @Flag(help: "Replay every run that has two or more subnetworks and a quality metric.") var all = false
    @Option(name: .customLong("rule"), help: ArgumentHelp("A stop rule (repeatable; grammar in `ticketscope check --help`).", valueName: "rule"))
    var rules: [String] = []
    @Option(help: ArgumentHelp("Similarity curve onset clauses read: raw, corrected or lift.", valueName: "raw|corrected|lift"))
    var measure: SimilarityMeasure = .raw
    @OptionGroup var detectorOptions: DetectorOptions
    @Flag(help: "Print JSON: {run, rules: [...]} for one run, {runs: [...], summary: [...]} for several.") var json = false

    struct RuleJSON: Encodable {
        let rule: String
        @Null var fired_step: Int?
        @Null var fired_sparsity: Double?
        @Null var kept_step: Int?
        @Null var kept_sparsity: Double?
        @Null var kept_quality: Double?
        let oracle_step: Int, oracle_sparsity: Double
        @Null var oracle_quality: Double?
        let iterations_saved: Int
        @Null var steps_past_oracle: Int?
        init(_ r: RuleBacktest) {
            rule = r.rule; fired_step = r.firedStep; fired_sparsity = r.firedSparsity; kept_step = r.keptStep
            kept_sparsity = r.keptSparsity; kept_quality = r.keptQuality; oracle_step = r.oracleStep; oracle_sparsity = r.oracleSparsity
            oracle_quality = r.oracleQuality; iterations_saved = r.iterationsSaved; steps_past_oracle = r.stepsPastOracle
        }
    }
    struct RunJSON: Encodable { let run: String, metric: String, rules: [RuleJSON] }
    struct SummaryJSON: Encodable {
        let rule: String, runs: Int, fired: Int, in_time: Int, median_iterations_saved: Double
        @Null var median_quality_loss: Double?
    }
    struct ManyJSON: Encodable { let runs: [RunJSON], summary: [SummaryJSON] }

    func validate() throws {
        guard !rules.isEmpty else { throw UsageError("give at least one --rule, e.g. --rule onset") }
        guard all != !runNames.isEmpty else { throw UsageError(all ? "give --all or --run, not both" : "give --run NAME (repeatable) or --all") }
    }

    func run() throws {
        var parsed: [StopRule] = []
        for text in rules {
            do { var r = try StopRule(text); r.onsetMeasure = measure; parsed.append(r) } catch let e as DiagnosticsError {
                printError("Error: \(e)")
                throw ExitCode(2)
            }
        }
        let db = try store.open(.read)
        let detector = detectorOptions.detector
        var results: [(RunInfo, CollapseReport, [RuleBacktest])] = []
        let runs = all ? try db.runs() : try runNames.map { try db.run(named: $0) }
        for r in runs {
            let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
            if all, history.subnetworks.count < 2 || history.steps.isEmpty { continue }
            guard history.subnetworks.count >= 2 else {
                throw DiagnosticsError.tooFewSubnetworks(run: r.name, count: history.subnetworks.count, needed: 2, what: "a backtest of similarity rules")
            }
            let collapse = try CollapseAnalysis.analyse(history: history, metrics: try db.metrics(of: r), measure: measure, detector: detector)
            if all, collapse.accuracySplit == nil { continue }
            for scope in parsed.flatMap(\.scopes).compactMap({ $0 }) where history.steps.last?.groups[scope] == nil {
                throw DiagnosticsError.missingScope(run: r.name, scope: scope.rawValue)
            }
            results.append((r, collapse, try BacktestReport.replay(history: history, collapse: collapse, rules: parsed, detector: detector)))
        }
        guard !results.isEmpty else {
            printError("Error: no run in \(store.db) has two or more subnetworks and a quality metric")
            throw ExitCode(1)
        }
        let summary = BacktestSummary.summarise(results.map(\.2))
        if json {
            let runsJSON = results.map { RunJSON(run: $0.0.name, metric: $0.1.metric, rules: $0.2.map(RuleJSON.init)) }
            if results.count == 1 && !all { return try printJSON(runsJSON[0]) }
            return try printJSON(ManyJSON(runs: runsJSON, summary: summary.map {
                SummaryJSON(rule: $0.rule, runs: $0.runs, fired: $0.fired, in_time: $0.inTime,
                            median_iterations_saved: $0.medianIterationsSaved, median_quality_loss: $0.medianQualityLoss)
            }))
        }
        for (r, collapse, backtests) in results {
            print("run \(r.name) (quality: \(collapse.metric))")
            print(table([["rule", "fired at", "kept step", "kept sparsity", "kept quality", "oracle step", "oracle quality", "saved", "kept−oracle"]]
                        + backtests.map { b in
                            [b.rule, b.firedStep.map { "step \($0)" } ?? "never", b.keptStep.map(String.init) ?? "-",
                             b.keptSparsity.map { fixed($0) } ?? "-", b.keptQuality.map { fixed($0) } ?? "-", "\(b.oracleStep)",
                             b.oracleQuality.map { fixed($0) } ?? "-", "\(b.iterationsSaved)", b.stepsPastOracle.map(String.init) ?? "-"]
                        }, rightAlign: Set(1...8)))
            print("")
        }
        if results.count > 1 {
            print("summary over \(results.count) runs")
            print(table([["rule", "fired", "in time", "median steps saved", "median quality loss"]] + summary.map {
                [$0.rule, "\($0.fired)/\($0.runs)", "\($0.inTime)/\($0.runs)", fixed($0.medianIterationsSaved, 1), $0.medianQualityLoss.map { fixed($0) } ?? "-"]
            }, rightAlign: [1, 2, 3, 4]))
        }
    }
}
