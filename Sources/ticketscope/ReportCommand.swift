import ArgumentParser
import Diagnostics
import Reports
import RunStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a Markdown report with figures (DIR/README.md plus PNGs).",
        discussion: """
            The same database gives byte-identical Markdown and figures.

            Examples:
              ticketscope report collapse --run demo --out reports/demo-collapse
              ticketscope report semantic --run cifar10-rtl --preset cifar10 --out reports/cifar10-semantic
              ticketscope report inr --rtl inr-rtl-small --imp inr-imp-small --out reports/inr
              ticketscope report speech --rtl speech-rtl-small --imp-single speech-imp-single-small --out reports/speech
            """,
        subcommands: [CollapseReport.self, SemanticReport.self, INRReport.self, SpeechReport.self]
    )
}

extension ReportCommand {
    struct CollapseReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collapse",
            abstract: "Collapse report: onsets and leads per subnetwork, small-multiples figure (paper Fig. 2), run-level summary.",
            discussion: "Example:\n  ticketscope report collapse --run demo --out reports/demo-collapse"
        )
        @OptionGroup var store: StoreOption
        @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
        @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String
        @Option(help: ArgumentHelp("Similarity curve for onset detection: raw or lift.", valueName: "raw|lift")) var measure: SimilarityMeasure = .raw
        @OptionGroup var detectorOptions: DetectorOptions

        func run() throws {
            let db = try store.open(.read)
            let files = try CollapseReportWriter.write(store: db, run: try db.run(named: runName), to: out, toolVersion: TicketScope.version,
                                                       measure: measure, detector: detectorOptions.detector)
            files.forEach { print($0) }
        }
    }

    struct SemanticReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "semantic",
            abstract: "Semantic-alignment report: correlation per layer group and per class, WordNet and mask matrices (paper Fig. 3).",
            discussion: "Example:\n  ticketscope report semantic --run cifar10-rtl --preset cifar10 --out reports/cifar10-semantic"
        )
        @OptionGroup var store: StoreOption
        @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
        @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String
        @OptionGroup var wordnet: WordNetOptions

        func run() throws {
            let db = try store.open(.read)
            let files = try SemanticReportWriter.write(
                store: db, run: try db.run(named: runName), to: out, toolVersion: TicketScope.version,
                wordnet: try wordnet.database(), preset: wordnet.chosenPreset, overrides: try wordnet.loadOverrides())
            files.forEach { print($0) }
        }
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs: the paper's Table 1 (balanced accuracy, precision, recall, #params per sparsity) and overlaid curves.",
        discussion: """
            Metrics are macro-averaged over subnetworks from the test split (else validation); INR runs show
            PSNR of the whole image instead of the classification metrics. #params is the
            stored 'params' metric, else the union of the masks (the sum for imp-multi runs). Runs with
            different layer layouts are compared in the table only.

            Example:
              ticketscope compare --db runs.sqlite cifar10-rtl cifar10-imp-single cifar10-imp-multi --out reports/cifar10-compare
            """
    )
    @OptionGroup var store: StoreOption
    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String
    @Argument(help: ArgumentHelp("Runs to compare.", valueName: "run")) var runs: [String]

    func validate() throws {
        if runs.isEmpty { throw ValidationError("name at least one run") }
        if Set(runs).count != runs.count { throw ValidationError("a run is named twice") }
    }

    func run() throws {
        let db = try store.open(.read)
        let files = try ComparisonReportWriter.write(store: db, runs: try runs.map { try db.run(named: $0) }, to: out, toolVersion: TicketScope.version)
        files.forEach { print($0) }
    }
}
