import ArgumentParser
import RunStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a store for damage; exit 1 when anything is damaged.",
        discussion: """
            Believes nothing stored: runs SQLite's integrity check and foreign-key check, decodes every \
            row, reads every step whole (every subnetwork × layer mask row present, each blob as long as \
            its layer, padding bits clear, 'ones' equal to the popcount of the bits), recomputes every \
            step's sparsity from its masks and checks every metric is a finite number. Prints one line \
            per problem; a stale write lease left by a killed writer is a note, not damage.

            Examples:
              ticketscope verify --db runs.sqlite
              ticketscope verify --db runs.sqlite --run cifar10-rtl --json
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("Check only this run (the file-level checks always run).", valueName: "name"))
    var runName: String?
    @Flag(help: "Print JSON instead of text.") var json = false

    struct RunEntry: Encodable {
        let name: String, steps: Int, mask_rows: Int, metrics: Int, problems: [String]
    }

    struct Report: Encodable {
        let db: String, schema_version: Int, whole: Bool, problems: Int, file_problems: [String], runs: [RunEntry], notes: [String]
    }

    func run() throws {
        let db = try store.open(.read)
        let result = try db.verify(run: runName)
        if json {
            try printJSON(Report(db: store.db, schema_version: db.schemaVersion, whole: result.isWhole, problems: result.problemCount,
                                 file_problems: result.fileProblems,
                                 runs: result.runs.map { RunEntry(name: $0.run, steps: $0.steps, mask_rows: $0.maskRows, metrics: $0.metrics, problems: $0.problems) },
                                 notes: result.notes))
        } else {
            print("\(store.db): schema version \(db.schemaVersion)\(db.isSnapshot ? " (read-only snapshot)" : ""), \(result.runs.count) runs checked")
            for p in result.fileProblems { print("damaged: \(p)") }
            for r in result.runs {
                let counts = "\(r.steps) steps, \(r.maskRows) mask rows, \(r.metrics) metrics"
                print("run '\(r.run)': \(counts): \(r.problems.isEmpty ? "ok" : "\(r.problems.count) problems")")
                for p in r.problems { print("  damaged: \(p)") }
            }
            for n in result.notes { print("note: \(n)") }
            print(result.isWhole ? "store is whole" : "\(result.problemCount) problems found")
        }
        if !result.isWhole { throw ExitCode(1) }
    }
}
