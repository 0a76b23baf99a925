import CBLAS
import CNNKernels
import Foundation

/// How many cores the engine uses.
///
/// Layers split each batch into `threadCount` contiguous runs of images and process them on that many
/// threads of a persistent pool (`nn_parallel_run`: workers spin briefly between regions, then sleep).
/// OpenBLAS is set to one thread, since `sgemm` is always called from inside those runs: two levels
/// of threading would oversubscribe the cores. Results are deterministic for a given thread count
/// (partial sums are combined in a fixed order) but differ in the last bits between thread counts.
public enum Threading {
    nonisolated(unsafe) private static var processDefault = max(1, ProcessInfo.processInfo.activeProcessorCount)
    @TaskLocal private static var scoped: Int?
    private static let blasSingleThreaded: Void = openblas_set_num_threads(1)

    /// The process-wide thread count (default: the active processor count). Set it before training,
    /// not while a forward or backward pass runs.
    public static var defaultThreadCount: Int {
        get { processDefault }
        set { processDefault = max(1, newValue) }
    }

    /// The thread count in effect: the innermost `withThreadCount` value, else `defaultThreadCount`.
    public static var threadCount: Int { scoped ?? processDefault }

    /// Runs `body` with `count` threads for the layers it calls (in this task only).
    public static func withThreadCount<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
        try $scoped.withValue(max(1, count), operation: body)
    }

    /// Splits `0..<count` into `chunkCount(for: count)` contiguous chunks of near-equal size and runs
    /// `body(chunkIndex, range)` for each, in parallel; returns when all are done. Layers call it with
    /// the batch size and index per-chunk scratch by `chunkIndex`. A call made inside another region
    /// runs its chunks on the calling thread.
    public static func forEachChunk(of count: Int, _ body: (Int, Range<Int>) -> Void) {
        _ = blasSingleThreaded
        let chunks = chunkCount(for: count)
        if chunks <= 1 {
            body(0, 0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = ChunkJob(body: body, chunks: chunks, count: count)
            nn_parallel_run(Int32(chunks), Int32(chunks), { context, chunk in
                let job = Unmanaged<ChunkJob>.fromOpaque(context!).takeUnretainedValue()
                job.body(Int(chunk), Threading.chunkRange(Int(chunk), of: job.chunks, count: job.count))
            }, Unmanaged.passUnretained(job).toOpaque())
            withExtendedLifetime(job) {}
        }
    }

    /// The number of chunks `forEachChunk(of: count)` uses: `min(threadCount, count)`, at least 1.
    public static func chunkCount(for count: Int) -> Int { max(1, min(threadCount, count)) }

    /// The elements of chunk `chunk` when `0..<count` is split into `chunks` chunks.
    public static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let base = count / chunks, extra = count % chunks
        let start = chunk * base + min(chunk, extra)
        return start..<(start + base + (chunk < extra ? 1 : 0))
    }
}

/// One parallel region, passed to the C pool as an opaque pointer.
private final class ChunkJob {
    let body: (Int, Range<Int>) -> Void
    let chunks: Int
    let count: Int

    init(body: @escaping (Int, Range<Int>) -> Void, chunks: Int, count: Int) {
        self.body = body
        self.chunks = chunks
        self.count = count
    }
}
