import Foundation

/// Refuses data sets a config asks to build in memory when they cannot fit, before allocating
/// (an allocation that fails ends the process with a signal, not an error line).
public enum MemoryBudget {
    /// The most one data set may take: half the machine's physical memory.
    public static var limit: UInt64 { ProcessInfo.processInfo.physicalMemory / 2 }

    /// Throws a config error naming `key` unless `count` items of `bytesPerItem` bytes fit in ``limit``.
    public static func check(count: Int, bytesPerItem: Int, key: String, what: String) throws {
        let (total, overflow) = UInt64(max(count, 0)).multipliedReportingOverflow(by: UInt64(max(bytesPerItem, 0)))
        guard overflow || total > limit else { return }
        let needed = overflow ? "more than 16 EiB" : format(total)
        throw LotteryError.config("\(key) = \(count) would hold \(needed) of \(what) in memory; this machine allows \(format(limit)) (half its memory) — lower \(key)")
    }

    static func format(_ bytes: UInt64) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        return gib >= 1024 ? String(format: "%.1f TiB", gib / 1024) : String(format: "%.1f GiB", gib)
    }
}
