import ArgumentParser
import Foundation
import MaskKit
import PruningCore

extension MaskKernel: ExpressibleByArgument {}

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
            Reports the median of --repeats timings (after one warm-up) and the memory bandwidth it implies \
            (K·P/8 bytes read once), and in the same run the floor: one popcount pass over the same masks \
            with the same kernel and threads (reading every word once is the least any all-pairs method \
            must do). --kernel forces a kernel (to measure the AVX2 path on a CPU that also has AVX-512). \
            scripts/bench_jaccard.sh runs NumPy's reference beside it.

            Example:
              ticketscope bench jaccard --params 1e8 --masks 8 --kernel avx2 --json
            """
    )

    @Option(help: ArgumentHelp("Parameters per mask (e.g. 1e8).", valueName: "P")) var params: String = "1e8"
    @Option(help: ArgumentHelp("Number of masks K.", valueName: "K")) var masks: Int = 8
    @Option(help: ArgumentHelp("Timed repeats.", valueName: "n")) var repeats: Int = 11
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Option(help: ArgumentHelp("Popcount kernel: \(MaskKernel.allCases.map(\.rawValue).joined(separator: ", ")) (default: the fastest this CPU has).", valueName: "name"))
    var kernel: MaskKernel?
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let params: Int, masks: Int, repeats: Int, threads: Int, kernel: String
        /// The CPU (model name, family and model), and the fastest kernel it has.
        let cpu: String?, best_kernel: String
        let seconds: Double, min_seconds: Double, gigabytes_per_second: Double
        /// Median time of one popcount pass over the same masks, and seconds / floor_seconds.
        let floor_seconds: Double, ratio_to_floor: Double
    }

    func run() throws {
        guard let p = Double(params), p >= 1, p <= 1e11 else { throw UsageError("--params must be a number between 1 and 1e11") }
        guard masks >= 2 else { throw UsageError("--masks must be at least 2") }
        guard repeats >= 1 else { throw UsageError("--repeats must be at least 1") }
        try validateThreads(threads)
        let kernel = self.kernel ?? .best
        guard kernel.isSupported else { throw UsageError("this CPU cannot run the \(kernel.rawValue) kernel (it has \(MaskKernel.best.rawValue))") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let n = Int(p)
        let layout = try MaskLayout([.init(name: "w", shape: [n])])
        let bytes = Double(masks) * Double(layout.wordCount) * 8, memory = Double(ProcessInfo.processInfo.physicalMemory)
        guard bytes <= 0.75 * memory else {
            throw UsageError("\(masks) masks of \(n) parameters need \(fixed(bytes / 1e9, 1)) GB, more than three quarters of this machine's \(fixed(memory / 1e9, 1)) GB")
        }
        if !json { printError("generating \(masks) random masks of \(n) parameters…") }
        let ms = try (0..<masks).map { try Mask.random(layout, density: 0.5, seed: UInt64($0 + 1)) }
        _ = try Jaccard.matrix(ms, threads: threadCount, kernel: kernel)
        _ = Self.popcountPass(ms, threads: threadCount, kernel: kernel)
        var times: [Double] = [], floors: [Double] = []
        for _ in 0..<repeats {  // alternating, so both see the same machine
            var start = DispatchTime.now().uptimeNanoseconds
            _ = try Jaccard.matrix(ms, threads: threadCount, kernel: kernel)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            _ = Self.popcountPass(ms, threads: threadCount, kernel: kernel)
            floors.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort(); floors.sort()
        let median = times[times.count / 2], floor = floors[floors.count / 2]
        let out = Output(params: n, masks: masks, repeats: repeats, threads: threadCount,
                         kernel: kernel.label, cpu: MachineInfo.cpuDescription, best_kernel: MaskKernel.best.label, seconds: median, min_seconds: times[0],
                         gigabytes_per_second: Double(masks) * Double(layout.wordCount * 8) / median / 1e9,
                         floor_seconds: floor, ratio_to_floor: median / floor)
        if json { return try printJSON(out) }
        print("all-pairs Jaccard, K=\(masks), P=\(n): median \(fixed(median * 1000, 2)) ms (min \(fixed(times[0] * 1000, 2)) ms) over \(repeats) runs, \(fixed(out.gigabytes_per_second, 1)) GB/s, kernel \(out.kernel), \(out.threads) threads")
        print("floor (one popcount pass over the same masks): median \(fixed(floor * 1000, 2)) ms; all-pairs is \(fixed(out.ratio_to_floor, 2))x the floor")
        print("CPU: \(out.cpu ?? "unknown"); fastest kernel on it: \(out.best_kernel)")
    }

    /// One popcount pass over every mask's words, split across `threads` like the matrix.
    static func popcountPass(_ masks: [Mask], threads: Int, kernel: MaskKernel) -> Int {
        let words = masks[0].words.count
        let per = (words + threads - 1) / threads
        var total = [Int](repeating: 0, count: threads)
        total.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let range = min(words, t * per)..<min(words, (t + 1) * per)
                var sum = 0
                for m in masks {
                    m.words.withUnsafeBufferPointer { sum += kernel.popcount(UnsafeBufferPointer(rebasing: $0[range])) }
                }
                (base + t).pointee = sum
            }
        }
        return total.reduce(0, +)
    }
}
