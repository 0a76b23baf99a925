import AtomicFile
import ArgumentParser
import Foundation
import INR
import Classification
import PruningCore
import Speech
import StoreJSON

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train a grid of runs (seeds, methods, any config key), one store file per run, locally or with Slurm.",
        discussion: """
            `--set KEY=V1,V2,…` (repeatable) sweeps a config key; the grid's runs are named \
            `<name>/<key>=<value>,…` and each is trained into its own store DIR/<run name, sanitised>.sqlite \
            (one file per run is safe on shared filesystems). Running the same command again skips finished runs \
            and resumes interrupted ones. Merge the stores with `ticketscope merge --out all.sqlite DIR`.

            Examples:
              ticketscope sweep --config configs/cifar10-rtl-small.json --set seed=0,1,2 --set method=rtl,imp-single --jobs 2 --out sweeps/table1 --data DIR
              ticketscope sweep status sweeps/table1
              ticketscope sweep --config base.json --set seed=0,1,2 --threads 4 --out /shared/sweep --slurm
            docs/sweeps.md describes the directory, Slurm and several machines.
            """,
        subcommands: [SweepRunCommand.self, SweepStatusCommand.self],
        defaultSubcommand: SweepRunCommand.self
    )
}

/// The files of a sweep directory.
struct SweepDirectory {
    let path: String
    var manifest: String { (path as NSString).appendingPathComponent("sweep.json") }
    var sbatch: String { (path as NSString).appendingPathComponent("sweep.sbatch") }
    var configs: String { (path as NSString).appendingPathComponent("configs") }
    var logs: String { (path as NSString).appendingPathComponent("logs") }
    func store(_ stem: String) -> String { (path as NSString).appendingPathComponent(stem + ".sqlite") }
    func config(_ stem: String) -> String { (configs as NSString).appendingPathComponent(stem + ".json") }
    func log(_ stem: String) -> String { (logs as NSString).appendingPathComponent(stem + ".log") }

    /// What sweep.json records: every run with its store file stem and configuration.
    struct Manifest: Codable, Equatable {
        struct Run: Codable, Equatable { let name: String; let file: String; let config: String }
        let runs: [Run]
    }

    func readManifest() throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: manifest) else { throw UsageError("'\(path)' is not a sweep directory (no sweep.json)") }
        guard let m = try? JSONDecoder().decode(Manifest.self, from: data) else { throw UsageError("'\(manifest)' is damaged (not a sweep manifest)") }
        return m
    }

    /// Creates the directory or checks that it holds only this sweep's files (and the same grid).
    func prepare(_ manifest: Manifest) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("--out '\(path)' is a file; name a directory") }
            if fm.fileExists(atPath: self.manifest), try readManifest() != manifest {
                throw UsageError("'\(path)' holds another sweep (its sweep.json lists other runs or configurations); use a new --out directory")
            }
            let stems = Set(manifest.runs.map(\.file))
            for entry in try fm.contentsOfDirectory(atPath: path).sorted() {
                if ["sweep.json", "sweep.sbatch", "configs", "logs"].contains(entry) { continue }
                let stem = ["-wal", "-shm", "-journal"].reduce(entry) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
                if stem.hasSuffix(".sqlite"), stems.contains(String(stem.dropLast(7))) { continue }
                throw UsageError("'\(path)' holds '\(entry)', which is not part of this sweep; use an empty or new --out directory")
            }
        }
        try fm.createDirectory(atPath: configs, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(manifest), to: self.manifest)
        for run in manifest.runs { try AtomicFile.write(Data(run.config.utf8), to: config(run.file)) }
    }

    func statuses(_ manifest: Manifest) throws -> [SweepRunStatus] {
        try manifest.runs.map { try SweepRunStatus.read(name: $0.name, file: store($0.file), configJSON: $0.config) }
    }
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Train the grid (the default of `ticketscope sweep`).")

    @Option(help: ArgumentHelp("The base run configuration (JSON; CIFAR or speech).", valueName: "file")) var config: String
    @Option(name: .customLong("set"), help: ArgumentHelp("A swept key and its values (repeatable).", valueName: "key=v1,v2,…")) var sets: [String] = []
    @Option(help: ArgumentHelp("Sweep directory: one store per run, configs/, logs/, sweep.json.", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("Runs trained at once (child processes).", valueName: "n")) var jobs: Int = 1
    @Option(help: ArgumentHelp("Threads per run (default: the cores divided by --jobs).", valueName: "n")) var threads: Int?
    @Option(help: ArgumentHelp("Dataset directory, passed to every `train`.", valueName: "dir")) var data: String?
    @Flag(help: "Allow a grid of more than 10,000 runs.") var yes = false
    @Flag(help: "Write DIR/sweep.sbatch (a Slurm job array, one task per run) and submit it with sbatch when available, instead of training here.")
    var slurm = false

    func run() throws {
        guard jobs >= 1 && jobs <= 256 else { throw UsageError("--jobs must be between 1 and 256, got \(jobs)") }
        try validateThreads(threads)
        let text = try ConfigParsing.contents(of: config)
        let experiment = try ExperimentRegistry.experiment(forConfig: text, source: config)
        if let refusal = experiment.sweepRefusal {
            let sweepable = ExperimentRegistry.all.filter { $0.sweepRefusal == nil }.map(\.name).joined(separator: " and ")
            throw UsageError("sweep trains \(sweepable) configs; \(refusal)")
        }
        guard let base = (try? JSONSerialization.jsonObject(with: text)) as? [String: Any] else { throw UsageError("'\(config)' is not a JSON object") }
        let keys = experiment.configKeys
        let name = base["name"] as? String ?? ((config as NSString).lastPathComponent as NSString).deletingPathExtension
        let grid = try SweepGrid(base: base, name: name, sets: sets, knownKeys: keys, confirmed: yes)
        var stems = Set<String>()
        for p in grid.points {
            // Every generated configuration must be one `train` accepts, before anything starts.
            try experiment.check(Data(p.configJSON.utf8), "run '\(p.name)'")
            if !stems.insert(p.fileStem).inserted { throw UsageError("two runs of the grid share the file name '\(p.fileStem).sqlite'; use values that differ in letters or digits") }
        }
        let dir = SweepDirectory(path: out)
        let manifest = SweepDirectory.Manifest(runs: grid.points.map { .init(name: $0.name, file: $0.fileStem, config: $0.configJSON) })
        try dir.prepare(manifest)
        let perRun = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        if slurm { return try SlurmArray(directory: dir, manifest: manifest, threads: perRun, data: data).writeAndSubmit() }
        try LocalSweep(directory: dir, manifest: manifest, jobs: jobs, threads: perRun, data: data).run()
    }
}

struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Each run's state and progress in a sweep directory.",
                                                    discussion: "Example:\n  ticketscope sweep status sweeps/table1 --json")
    @Argument(help: ArgumentHelp("The sweep directory.", valueName: "dir")) var dir: String
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Entry: Encodable {
        let name: String, file: String, state: String, steps: Int
        @Null var sparsity: Double?
        let progress: Double
    }

    func run() throws {
        let directory = SweepDirectory(path: dir)
        let statuses = try directory.statuses(try directory.readManifest())
        let entries = statuses.map { Entry(name: $0.name, file: $0.file, state: $0.state.rawValue, steps: $0.steps, sparsity: $0.sparsity, progress: $0.progress) }
        if json { return try printJSON(entries) }
        print(table([["run", "state", "steps", "sparsity", "progress"]] + entries.map {
            [$0.name, $0.state, "\($0.steps)", $0.sparsity.map { fixed($0, 4) } ?? "-", fixed($0.progress * 100, 0) + "%"]
        }, rightAlign: [2, 3, 4]))
        let counts = SweepRunStatus.State.allCases.compactMap { s -> String? in
            let n = statuses.filter { $0.state == s }.count
            return n == 0 ? nil : "\(n) \(s.rawValue)"
        }
        print("\(statuses.count) runs: " + counts.joined(separator: ", "))
    }
}
