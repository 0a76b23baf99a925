import ArgumentParser
import PruningCore
import Reports
import RunStore

extension ReportCommand {
    struct SpeechReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "speech",
            abstract: "Speech-enhancement report: SI-SNRi and #params per method (paper Table 3), spectrograms (Fig. 12), example WAVs.",
            discussion: """
                Give any of --rtl, --imp-single and --imp-multi: runs `ticketscope train` made from speech \
                configs (docs/speech.md). The figure and the WAV files use 50% sparsity, else the middle target.

                Example:
                  ticketscope report speech --db speech.sqlite --rtl speech-rtl-small --imp-single speech-imp-single-small \\
                    --imp-multi speech-imp-multi-small --out reports/speech
                """
        )
        @OptionGroup var store: StoreOption
        @Option(help: ArgumentHelp("The speech-rtl run.", valueName: "name")) var rtl: String?
        @Option(name: .customLong("imp-single"), help: ArgumentHelp("The speech-imp-single run.", valueName: "name")) var impSingle: String?
        @Option(name: .customLong("imp-multi"), help: ArgumentHelp("The speech-imp-multi run.", valueName: "name")) var impMulti: String?
        @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String

        func validate() throws {
            guard rtl != nil || impSingle != nil || impMulti != nil else { throw UsageError("give --rtl, --imp-single, --imp-multi or several") }
        }

        func run() throws {
            let db = try store.open(.read)
            func select(_ name: String?, method: RunMethod) throws -> RunInfo? {
                guard let name else { return nil }
                let run = try db.run(named: name)
                guard run.runMethod == method else { throw LotteryError.unavailable("run '\(name)' is a \(run.method) run, not \(method.rawValue)") }
                return run
            }
            let files = try SpeechReportWriter.write(store: db, rtl: try select(rtl, method: .speechRTL),
                                                     impSingle: try select(impSingle, method: .speechIMPSingle),
                                                     impMulti: try select(impMulti, method: .speechIMPMulti), to: out, toolVersion: TicketScope.version)
            files.forEach { print($0) }
        }
    }
}
