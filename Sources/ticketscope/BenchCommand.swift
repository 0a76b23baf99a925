import ArgumentParser
import Foundation
import MaskKit

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release before trusting the numbers).",
        subcommands: [JaccardBench.self, TrainBench.self, OnsetBench.self]
    )
}

struct JaccardBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jaccard",
        abstract: "Time the global all-pairs Jaccard matrix of K random masks of P parameters.",
        discussion: """
            Reports the median of --repeats timings (after one warm-up) and the memory bandwidth it implies
            (K·P/8 bytes read once). scripts/bench_jaccard.sh runs NumPy's reference beside it.

            Example:
              ticketscope bench jaccard --params 1e8 --masks 8 --json
            """
    )

    @Option(help: ArgumentHelp("Parameters per mask (e.g. 1e8).", valueName: "P")) var params: String = "1e8"
    @Option(help: ArgumentHelp("Number of masks K.", valueName: "K")) var masks: Int = 8
    @Option(help: ArgumentHelp("Timed repeats.", valueName: "n")) var repeats: Int = 11
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let params: Int, masks: Int, repeats: Int, threads: Int, kernel: String
        let seconds: Double, min_seconds: Double, gigabytes_per_second: Double
    }

    func run() throws {
        guard let p = Double(params), p >= 1, p <= 1e11 else { throw ValidationError("--params must be a number between 1 and 1e11") }
        guard masks >= 2 else { throw ValidationError("--masks must be at least 2") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        let n = Int(p)
        let layout = try MaskLayout([.init(name: "w", shape: [n])])
        if !json { printError("generating \(masks) random masks of \(n) parameters…") }
        let ms = try (0..<masks).map { try Mask.random(layout, density: 0.5, seed: UInt64($0 + 1)) }
        _ = try Jaccard.matrix(ms, threads: threads)
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try Jaccard.matrix(ms, threads: threads)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        let median = times[times.count / 2]
        let out = Output(params: n, masks: masks, repeats: repeats, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                         kernel: Jaccard.kernelName, seconds: median, min_seconds: times[0],
                         gigabytes_per_second: Double(masks) * Double(layout.wordCount * 8) / median / 1e9)
        if json { return try printJSON(out) }
        print("all-pairs Jaccard, K=\(masks), P=\(n): median \(fixed(median * 1000, 2)) ms (min \(fixed(times[0] * 1000, 2)) ms) over \(repeats) runs, \(fixed(out.gigabytes_per_second, 1)) GB/s, kernel \(out.kernel), \(out.threads) threads")
    }
}
