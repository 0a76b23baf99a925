/// What one stop rule would have done on a recorded run, replayed step by step.
public struct RuleBacktest: Sendable, Codable, Equatable {
    /// The rule, with the measure its onset clauses read when that is not raw Jaccard.
    public let rule: String
    /// The first step (store index) at which the rule fires on the steps so far; nil if never.
    public let firedStep: Int?
    /// The sparsity of `firedStep`.
    public let firedSparsity: Double?
    /// The step before `firedStep`: the mask a user who stopped there would keep. When the rule
    /// never fires, the run's last step (the user pruned to the end). Nil when it fires at the first step.
    public let keptStep: Int?
    /// The sparsity of `keptStep`.
    public let keptSparsity: Double?
    /// The run's quality (mean over subnetworks) at the kept step, nil where not recorded.
    public let keptQuality: Double?
    /// The last step before the run-level quality onset `collapse` finds (the last step if none).
    public let oracleStep: Int
    /// The sparsity of `oracleStep`.
    public let oracleSparsity: Double
    /// The run's quality at `oracleStep`, nil where not recorded.
    public let oracleQuality: Double?
    /// Pruning steps the run went on for after `firedStep` (0 when the rule never fires).
    public let iterationsSaved: Int
    /// Kept step minus oracle step, in pruning steps: positive = kept a mask past the quality
    /// onset, negative = stopped before it. Nil when nothing is kept.
    public let stepsPastOracle: Int?
}

/// Replays stop rules against a run's recorded similarity and quality (`ticketscope backtest`).
public enum BacktestReport {
    /// The rules the collapse report replays: `onset` on raw and on chance-corrected Jaccard.
    public static let defaultRules: [StopRule] = {
        var raw = try! StopRule("onset")   // a fixed, valid rule text
        raw.onsetMeasure = .raw
        var corrected = raw
        corrected.onsetMeasure = .corrected
        return [raw, corrected]
    }()

    /// The rule as the backtest names it: its text, plus the onset measure when not raw.
    public static func label(_ rule: StopRule) -> String {
        let readsOnset = rule.clauses.contains { if case .onset(_, nil) = $0 { return true } else { return false } }
        return readsOnset && rule.onsetMeasure != .raw ? "\(rule) (measure \(rule.onsetMeasure.rawValue))" : rule.description
    }

    /// Replays each rule on every prefix of the run's pruning steps. `collapse` is the run's
    /// collapse report (its quality curve and run-level quality onset); it needs a quality metric.
    public static func replay(history: SimilarityHistory, collapse: CollapseReport, rules: [StopRule],
                              detector: OnsetDetector = OnsetDetector()) throws -> [RuleBacktest] {
        guard collapse.accuracySplit != nil else { throw DiagnosticsError.noQualityMetric(run: history.run.name, what: "a backtest") }
        let steps = history.steps
        guard !steps.isEmpty else { throw DiagnosticsError.noSteps(run: history.run.name) }
        let oracle = collapse.runAccuracyOnset.map { $0.index - 1 } ?? steps.count - 1
        return rules.map { base in
            var rule = base
            rule.detector = detector
            let fired = (1...steps.count).first { t in rule.judge(Array(steps[0..<t]))?.firing != nil }.map { $0 - 1 }
            let kept: Int? = fired.map { $0 > 0 ? $0 - 1 : nil } ?? steps.count - 1
            return RuleBacktest(rule: label(base), firedStep: fired.map { steps[$0].step }, firedSparsity: fired.map { steps[$0].sparsity },
                                keptStep: kept.map { steps[$0].step }, keptSparsity: kept.map { steps[$0].sparsity },
                                keptQuality: kept.flatMap { collapse.runAccuracy[$0] },
                                oracleStep: steps[oracle].step, oracleSparsity: steps[oracle].sparsity, oracleQuality: collapse.runAccuracy[oracle],
                                iterationsSaved: fired.map { steps.count - 1 - $0 } ?? 0, stepsPastOracle: kept.map { $0 - oracle })
        }
    }
}

/// A rule's backtests over several runs, summarised.
public struct BacktestSummary: Sendable, Codable, Equatable {
    /// The rule, as ``BacktestReport/label(_:)`` names it.
    public let rule: String
    /// Runs replayed.
    public let runs: Int
    /// Runs in which the rule fired.
    public let fired: Int
    /// Runs whose kept step is at or before the oracle step (stopped in time).
    public let inTime: Int
    /// Median pruning steps saved, and median kept quality minus oracle quality (nil without pairs).
    public let medianIterationsSaved: Double
    /// Median of oracle quality minus kept quality over the runs with both (positive: the rule kept a worse mask).
    public let medianQualityLoss: Double?

    /// Summaries per rule, in the order rules first appear.
    public static func summarise(_ results: [[RuleBacktest]]) -> [BacktestSummary] {
        let all = results.flatMap { $0 }
        var order: [String] = []
        for r in all where !order.contains(r.rule) { order.append(r.rule) }
        return order.map { name in
            let rs = all.filter { $0.rule == name }
            let losses = rs.compactMap { r in r.keptQuality.flatMap { k in r.oracleQuality.map { $0 - k } } }
            return BacktestSummary(rule: name, runs: rs.count, fired: rs.filter { $0.firedStep != nil }.count,
                                   inTime: rs.filter { ($0.stepsPastOracle ?? 1) <= 0 }.count,
                                   medianIterationsSaved: median(rs.map { Double($0.iterationsSaved) }),
                                   medianQualityLoss: losses.isEmpty ? nil : median(losses))
        }
    }
}
