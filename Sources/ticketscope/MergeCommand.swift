import ArgumentParser
import RunStore

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge stores (one per run of a sweep, or from several machines) into one new store.",
        discussion: """
            All or nothing: the result is written to a hidden temporary file next to --out and renamed into \
            place at the end; on any error nothing is written. Inputs are opened read-only and never changed; \
            version-1 stores are read as they are (the result has the current schema). Every input is \
            verified first (as `ticketscope verify`), and an input whose run is being written by a live \
            process is refused. A run present in several inputs with the same content (layers, subnetworks, \
            steps, masks, metrics and configuration) is kept once; the same name with different content is \
            an error naming the run and both files.

            Examples:
              ticketscope merge --out all.sqlite sweep/          # every *.sqlite in sweep/
              ticketscope merge --out all.sqlite a.sqlite b.sqlite --json
            """
    )

    @Option(help: ArgumentHelp("The new store (must not exist).", valueName: "path")) var out: String
    @Flag(help: "Print JSON instead of text.") var json = false
    @Argument(help: ArgumentHelp("Stores to merge: files, or directories whose *.sqlite files are merged (sorted by name).", valueName: "store"))
    var inputs: [String] = []

    struct Duplicate: Encodable { let run: String, files: [String] }
    struct Report: Encodable { let out: String, inputs: [String], runs: [String], duplicates: [Duplicate] }

    func run() throws {
        let files = try StoreMerge.expand(inputs)
        let summary = try StoreMerge.merge(inputs: files, into: out)
        if json {
            return try printJSON(Report(out: summary.output, inputs: summary.inputs, runs: summary.runs,
                                        duplicates: summary.duplicates.map { Duplicate(run: $0.run, files: $0.files) }))
        }
        print("merged \(summary.runs.count) runs from \(summary.inputs.count) stores into \(summary.output)")
        for d in summary.duplicates {
            print("run '\(d.run)': identical in \(d.files.joined(separator: ", ")); kept once (from \(d.files[0]))")
        }
    }
}
