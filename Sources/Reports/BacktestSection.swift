import Diagnostics

/// The "Would a stop rule have helped?" section of the collapse report.
enum BacktestSection {
    /// One sentence on how to read it and a table of each rule's replay.
    static func add(_ results: [RuleBacktest], to doc: inout ReportDocument) {
        doc.paragraph("Each rule replayed online, as a pruning loop calling \(code: "ticketscope check") after every step would have seen it "
            + "(\(code: "ticketscope backtest")). \(emphasis: "Kept") is the step before the rule fired, the mask a user would keep; \(emphasis: "oracle") the last step "
            + "before the run's quality onset (or the last step).")
        doc.table(ReportTable(header: ["Rule", "Fired at", "Kept sparsity", "Kept quality", "Oracle sparsity", "Oracle quality", "Steps saved", "Kept − oracle (steps)"],
                              rows: results.map { r in
                                  [ReportText(r.rule), ReportText(r.firedSparsity.map { formatFixed($0, 3) } ?? "never"),
                                   ReportText(Format.number(r.keptSparsity)), ReportText(Format.number(r.keptQuality)), ReportText(formatFixed(r.oracleSparsity, 3)),
                                   ReportText(Format.number(r.oracleQuality)), "\(r.iterationsSaved)", ReportText(r.stepsPastOracle.map { "\($0)" } ?? "–")]
                              }, alignment: ReportTable.labelThenNumbers(8)))
    }
}
