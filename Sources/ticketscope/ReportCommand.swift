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
        subcommands: [CollapseReport.self, SemanticReport.self] + ExperimentRegistry.all.compactMap { $0.report }
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
            Metrics are macro-averaged over subnetworks from the test split (else validation); INR runs show \
            PSNR of the whole image instead of the classification metrics. #params is the \
            stored 'params' metric, else the union of the masks (the sum for imp-multi runs). Runs with \
            different layer layouts are compared in the table only.

            Replicates: runs whose stored configurations differ only by their seed are grouped automatically \
            (the report says so); --group NAME=RUN,RUN,… names a group yourself (its runs need not be listed \
            again). Per group, level and metric the report gives mean ± half the 95 % Student-t interval and \
            n, and between two groups the differences matched by seed with their interval; the figure draws \
            each group's mean with its interval as a band. A group of one run has no interval; runs of a \
            group with different sparsity schedules are compared at the levels all of them reached.

            Examples:
              ticketscope compare --db runs.sqlite cifar10-rtl cifar10-imp-single cifar10-imp-multi --out reports/cifar10-compare
              ticketscope compare --db all.sqlite --group rtl=rtl-s0,rtl-s1,rtl-s2 --group imp=imp-s0,imp-s1,imp-s2 --out reports/seeds --json
            """
    )
    @OptionGroup var store: StoreOption
    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String
    @Option(name: .customLong("group"), help: ArgumentHelp("A group of replicate runs (repeatable).", valueName: "name=run,run,…"))
    var groupSpecs: [String] = []
    @Flag(name: .customLong("no-auto-groups"), help: "Do not group runs that differ only by seed.") var noAutoGroups = false
    @Flag(help: "Print the table and replicate statistics as JSON (the report is written too).") var json = false
    @Argument(help: ArgumentHelp("Runs to compare.", valueName: "run")) var runs: [String] = []

    func validate() throws {
        if runs.isEmpty && groupSpecs.isEmpty { throw UsageError("name at least one run (or a --group)") }
        if Set(runs).count != runs.count { throw UsageError("a run is named twice") }
    }

    /// The --group options, checked: a name, at least one run, no run in two groups.
    func parsedGroups() throws -> [ReplicateGroup] {
        var seen: [String: String] = [:]
        var names = Set<String>()
        return try groupSpecs.map { spec in
            guard let eq = spec.firstIndex(of: "=") else { throw UsageError("--group '\(spec)' needs the form NAME=RUN,RUN,…") }
            let name = String(spec[..<eq]).trimmingCharacters(in: .whitespaces)
            let members = spec[spec.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if name.isEmpty { throw UsageError("--group '\(spec)' has no name before '='") }
            if members.isEmpty || members.contains("") { throw UsageError("--group '\(name)' lists an empty run name (form NAME=RUN,RUN,…)") }
            if !names.insert(name).inserted { throw UsageError("two groups are named '\(name)'") }
            for m in members {
                if let other = seen[m] { throw UsageError("run '\(m)' is in group '\(other)' and in group '\(name)'; a run belongs to one group") }
                seen[m] = name
            }
            return ReplicateGroup(name: name, runs: members)
        }
    }

    func run() throws {
        let db = try store.open(.read)
        let explicit = try parsedGroups()
        var names = runs
        for g in explicit { for r in g.runs where !names.contains(r) { names.append(r) } }
        let infos = try names.map { try db.run(named: $0) }
        let automatic = noAutoGroups ? [] : ReplicateGroup.automatic(infos, excluding: Set(explicit.flatMap(\.runs)))
        let groups = explicit + automatic
        let files = try ComparisonReportWriter.write(store: db, runs: infos, groups: groups, to: out, toolVersion: TicketScope.version)
        if json {
            let table = try ComparisonTable.build(store: db, runs: infos)
            let replicates = try ReplicateComparison.build(table: table, runs: infos, groups: groups)
            let cost = try CostTable.build(store: db, runs: infos, groups: groups)
            return try printJSON(CompareJSON(table: table, replicates: replicates, cost: cost, files: files))
        }
        files.forEach { print($0) }
        for g in automatic { printError("note: grouped \(g.runs.joined(separator: ", ")) as '\(g.name)' (they differ only by seed)") }
    }
}
