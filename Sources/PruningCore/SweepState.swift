import Foundation
import RunStore

/// Where one run of a sweep stands, read from its store file.
public struct SweepRunStatus: Sendable, Equatable {
    /// The closed set of states a sweep run can be in.
    public enum State: String, Sendable, CaseIterable {
        /// No store, or no run in it yet.
        case pending
        /// A live process holds the run's write lease.
        case running
        /// Started, not finished, and nobody writes it (killed, or stopped by a signal): resumable.
        case interrupted
        case complete
        /// Ended by its stop rule.
        case stopped
        /// Ended with an error.
        case failed
    }

    /// The run name.
    public let name: String
    /// Its store file.
    public let file: String
    /// Where it stands.
    public let state: State
    /// Steps stored so far.
    public let steps: Int
    /// Sparsity of the last stored step.
    public let sparsity: Double?
    /// The last target sparsity of its configuration (`target_sparsities`), when it has one.
    public let finalTarget: Double?

    /// Last sparsity over final target, 0…1 (1 when complete or stopped).
    public var progress: Double {
        if state == .complete || state == .stopped { return 1 }
        guard let s = sparsity, let t = finalTarget, t > 0 else { return 0 }
        return min(1, s / t)
    }

    /// Reads the state of run `name` from `file` (read-only; a missing file is `pending`).
    public static func read(name: String, file: String, configJSON: String) throws -> SweepRunStatus {
        let config = (try? JSONSerialization.jsonObject(with: Data(configJSON.utf8))) as? [String: Any]
        let target = (config?["target_sparsities"] as? [Double])?.max()
        guard FileManager.default.fileExists(atPath: file) else {
            return SweepRunStatus(name: name, file: file, state: .pending, steps: 0, sparsity: nil, finalTarget: target)
        }
        let store = try RunStore(path: file, mode: .read)
        guard let run = try store.runs().first(where: { $0.name == name }) else {
            return SweepRunStatus(name: name, file: file, state: .pending, steps: 0, sparsity: nil, finalTarget: target)
        }
        let steps = try store.steps(of: run)
        let state: State
        switch RunStatus(rawValue: run.status) {
        case .complete?: state = .complete
        case .stopped?: state = .stopped
        case .failed?: state = .failed
        default: state = try store.liveLeaseHolder(of: run) != nil ? .running : .interrupted
        }
        return SweepRunStatus(name: name, file: file, state: state, steps: steps.count, sparsity: steps.last?.sparsity, finalTarget: target)
    }
}
