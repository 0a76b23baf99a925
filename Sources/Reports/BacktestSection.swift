import Diagnostics

/// The "Would a stop rule have helped?" section of the collapse report.
enum BacktestSection {
    /// A table of each rule's replay and one sentence on how to read it.
    static func markdown(_ results: [RuleBacktest]) -> String {
        var md = "Each rule replayed online, as a pruning loop calling `ticketscope check` after every step would have seen it "
        md += "(`ticketscope backtest`). *Kept* is the step before the rule fired, the mask a user would keep; *oracle* the last step "
        md += "before the run's quality onset (or the last step).\n\n"
        md += Markdown.table(["Rule", "Fired at", "Kept sparsity", "Kept quality", "Oracle sparsity", "Oracle quality", "Steps saved", "Kept − oracle (steps)"],
                             results.map { r in
                                 [Markdown.escape(r.rule), r.firedSparsity.map { formatFixed($0, 3) } ?? "never",
                                  Markdown.number(r.keptSparsity), Markdown.number(r.keptQuality), formatFixed(r.oracleSparsity, 3),
                                  Markdown.number(r.oracleQuality), "\(r.iterationsSaved)", r.stepsPastOracle.map { "\($0)" } ?? "–"]
                             }, align: ["l", "r", "r", "r", "r", "r", "r", "r"])
        return md
    }
}
