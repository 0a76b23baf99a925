import ArgumentParser
import Diagnostics
import Reports
import RunStore

extension ReportCommand {
    struct INRReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inr",
            abstract: "INR report: PSNR tables (paper Tables 2 and 6), PSNR/similarity curves (Figs. 5–8), reconstructions (Figs. 9–11).",
            discussion: """
                --rtl and --imp name the runs `ticketscope train` made from an INR config: a name N selects \
                the run N and every run N/IMAGE. RTL and IMP runs are paired by image.

                Example:
                  ticketscope report inr --rtl inr-rtl-small --imp inr-imp-small --out reports/inr
                """
        )
        @OptionGroup var store: StoreOption
        @Option(help: ArgumentHelp("RTL runs: a run name or the prefix N of runs N/IMAGE.", valueName: "name")) var rtl: String?
        @Option(help: ArgumentHelp("IMP runs: a run name or the prefix N of runs N/IMAGE.", valueName: "name")) var imp: String?
        @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String
        @Option(name: .customLong("scatter-sparsity"), help: ArgumentHelp("Target sparsity of the region PSNR vs similarity scatter.", valueName: "s"))
        var scatterSparsity: Double = 0.5
        @OptionGroup var detectorOptions: DetectorOptions

        func validate() throws {
            guard rtl != nil || imp != nil else { throw UsageError("give --rtl, --imp or both") }
        }

        func run() throws {
            let db = try store.open(.read)
            let all = try db.runs()
            func select(_ prefix: String?) throws -> [RunInfo] {
                guard let prefix else { return [] }
                let found = all.filter { $0.name == prefix || $0.name.hasPrefix(prefix + "/") }.sorted { $0.name < $1.name }
                guard !found.isEmpty else { throw UsageError("no run named '\(prefix)' or '\(prefix)/…' in \(store.db)") }
                if let other = found.first(where: { $0.runMethod?.experiment != .inr }) {
                    throw UsageError("run '\(other.name)' is a \(other.method) run, not an INR run")
                }
                return found
            }
            let files = try INRReportWriter.write(store: db, rtl: try select(rtl), imp: try select(imp), to: out, toolVersion: TicketScope.version,
                                                  detector: detectorOptions.detector, scatterLevel: scatterSparsity)
            files.forEach { print($0) }
        }
    }
}
