import Foundation
import NN
import RunStore

/// Counts the training work done (optimiser updates and the examples they saw), safe to bump from
/// any thread; ``PruningDriver`` reads it around each phase to store the run's cost.
public final class WorkTally: @unchecked Sendable {
    private let lock = NSLock()
    private var examples: Int64 = 0
    private var updates: Int64 = 0

    /// A tally at zero.
    public init() {}

    /// One optimiser update over `examples` examples (images, pixels, mixtures).
    public func update(examples n: Int) {
        lock.lock(); defer { lock.unlock() }
        updates += 1
        examples += Int64(n)
    }

    /// The totals so far.
    public var totals: (examples: Int64, updates: Int64) {
        lock.lock(); defer { lock.unlock() }
        return (examples, updates)
    }
}

/// The machine a run trains on, as stored with its cost.
public enum MachineInfo {
    /// The lines of /proc/cpuinfo, nil where there is none.
    private static let cpuinfo: [Substring]? =
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)).map { $0.split(separator: "\n") }

    /// The first non-empty value of `key` in /proc/cpuinfo (`key : value` lines).
    private static func cpuinfoField(_ key: String) -> String? {
        for line in cpuinfo ?? [] {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// The CPU's model name from /proc/cpuinfo (`model name`, else `Processor`/`cpu model`), nil elsewhere.
    public static let cpuModel: String? = ["model name", "Processor", "cpu model"].lazy.compactMap(cpuinfoField).first

    /// The CPU's model name with its family and model numbers from /proc/cpuinfo when known, e.g.
    /// "AMD EPYC (family 26, model 2)" — virtual machines often report a bare vendor name; nil elsewhere.
    public static let cpuDescription: String? = {
        guard let name = cpuModel else { return nil }
        guard let family = cpuinfoField("cpu family"), let model = cpuinfoField("model") else { return name }
        return "\(name) (family \(family), model \(model))"
    }()
}

/// Measures one phase of a step: wall time and the work tallied since it started.
struct CostMeter {
    let work: WorkTally
    let clock = PhaseClock()
    let before: (examples: Int64, updates: Int64)

    init(_ work: WorkTally) { self.work = work; before = work.totals }

    /// The phase's cost so far, on this machine with the current thread count.
    func cost(_ phase: CostPhase) -> RunCost {
        let now = work.totals
        return RunCost(phase: phase, wallSeconds: clock.seconds,
                       examples: now.examples - before.examples, updates: now.updates - before.updates,
                       threads: Threading.defaultThreadCount, cpu: MachineInfo.cpuModel)
    }
}
