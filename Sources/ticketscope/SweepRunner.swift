import AtomicFile
import Foundation
import PruningCore

/// This executable, for child processes (`/proc/self/exe` on Linux, else argv[0]).
let ticketscopeExecutable: String = {
    let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    return link ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
}()

/// The `train` arguments of one sweep run: its generated config and store; `--resume` when the
/// store already holds the run.
func trainArguments(_ dir: SweepDirectory, _ run: SweepDirectory.Manifest.Run, threads: Int, data: String?, resume: Bool) -> [String] {
    ["train", "--config", dir.config(run.file), "--db", dir.store(run.file), "--threads", "\(threads)", "--quiet"]
        + (data.map { ["--data", $0] } ?? []) + (resume ? ["--resume"] : [])
}

/// Trains a sweep's unfinished runs here, in up to `jobs` child processes of this executable.
struct LocalSweep {
    let directory: SweepDirectory
    let manifest: SweepDirectory.Manifest
    let jobs: Int
    let threads: Int
    let data: String?

    func run() throws {
        let statuses = try directory.statuses(manifest)
        var todo: [(SweepDirectory.Manifest.Run, SweepRunStatus)] = []
        var done = 0
        for (run, status) in zip(manifest.runs, statuses) {
            switch status.state {
            case .complete, .stopped: done += 1
            case .running: printError("warning: run '\(run.name)' is being trained by another process; skipped")
            case .pending, .interrupted, .failed: todo.append((run, status))
            }
        }
        print("sweep: \(manifest.runs.count) runs in \(directory.path): \(done) finished, \(todo.count) to train (\(jobs) at once, \(threads) threads each)")
        var running: [(process: Process, run: SweepDirectory.Manifest.Run, log: FileHandle)] = []
        var failed: [String] = []
        var finished = 0
        var queue = todo[...]
        while !queue.isEmpty || !running.isEmpty {
            while running.count < jobs, let (run, status) = queue.popFirst() {
                let resume = status.state != .pending
                let log = try openLog(directory.log(run.file))
                let p = Process()
                p.executableURL = URL(fileURLWithPath: ticketscopeExecutable)
                p.arguments = trainArguments(directory, run, threads: threads, data: data, resume: resume)
                p.standardOutput = log
                p.standardError = log
                try p.run()
                print("started \(run.name)\(resume ? " (resuming after \(status.steps) steps)" : "")")
                running.append((p, run, log))
            }
            Thread.sleep(forTimeInterval: 0.2)
            for (i, job) in running.enumerated().reversed() where !job.process.isRunning {
                running.remove(at: i)
                try? job.log.close()
                finished += 1
                let status = job.process.terminationStatus
                if status == 0 {
                    print("[\(finished)/\(todo.count)] \(job.run.name): done")
                } else {
                    failed.append(job.run.name)
                    print("[\(finished)/\(todo.count)] \(job.run.name): failed (exit \(status)); see \(directory.log(job.run.file))")
                }
            }
        }
        if !failed.isEmpty { throw UsageError("\(failed.count) of \(todo.count) runs failed (\(failed.joined(separator: ", "))); run the same command again to resume them") }
        print("sweep complete; merge with: ticketscope merge --out all.sqlite \(directory.path)")
    }

    private func openLog(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw UsageError("cannot write the log '\(path)'") }
        handle.seekToEndOfFile()
        return handle
    }
}

/// A Slurm job array over a sweep: one task per run, `--cpus-per-task` = threads, a log per task.
struct SlurmArray {
    let directory: SweepDirectory
    let manifest: SweepDirectory.Manifest
    let threads: Int
    let data: String?

    /// The batch script. Each task trains its run (resuming it when its store holds it), so
    /// resubmitting the script finishes what a cancelled or failed array left.
    var script: String {
        let absolute = URL(fileURLWithPath: directory.path).standardizedFileURL.path
        let dir = SweepDirectory(path: absolute)
        let name = manifest.runs.first.map { String($0.name.prefix { $0 != "/" }) } ?? "sweep"
        var s = """
            #!/bin/bash
            #SBATCH --job-name=\(shellQuote(name))
            #SBATCH --array=0-\(manifest.runs.count - 1)
            #SBATCH --cpus-per-task=\(threads)
            #SBATCH --ntasks=1
            #SBATCH --output=\(absolute)/logs/task-%a.log
            # Written by `ticketscope sweep --slurm`; one task per run of \(absolute)/sweep.json.
            set -euo pipefail
            files=(

            """
        for run in manifest.runs { s += "  \(shellQuote(run.file))\n" }
        s += ")\n"
        s += "file=${files[$SLURM_ARRAY_TASK_ID]}\n"
        let resume = "$(test -e \(shellQuote(absolute))/\"$file\".sqlite && echo --resume || true)"
        s += "exec \(shellQuote(ticketscopeExecutable)) train --config \(shellQuote(dir.configs))/\"$file\".json --db \(shellQuote(absolute))/\"$file\".sqlite"
        s += " --threads \(threads) --quiet" + (data.map { " --data \(shellQuote(URL(fileURLWithPath: $0).standardizedFileURL.path))" } ?? "") + " \(resume)\n"
        return s
    }

    func writeAndSubmit() throws {
        try AtomicFile.write(Data(script.utf8), to: directory.sbatch)
        print("wrote \(directory.sbatch): \(manifest.runs.count) tasks, \(threads) CPUs each, logs in \(directory.logs)")
        guard let sbatch = executableOnPath("sbatch") else {
            print("sbatch is not on PATH; on the cluster's login node submit it with: sbatch \(directory.sbatch)")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: sbatch)
        p.arguments = ["--parsable", directory.sbatch]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let id = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let why = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw UsageError("sbatch failed (exit \(p.terminationStatus)): \(why.split(separator: "\n").first ?? "")") }
        print("submitted job \(id.split(separator: ";").first ?? "")")
    }
}

/// A single-quoted shell word.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The full path of an executable found on PATH.
func executableOnPath(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
