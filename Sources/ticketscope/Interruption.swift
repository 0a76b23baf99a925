import Dispatch
import Foundation
import PruningCore

/// SIGINT, SIGTERM and SIGHUP during training: the first asks training to stop at the next batch
/// boundary (the step in progress is abandoned whole, the run marked `interrupted`); a second one
/// ends the process at once — committed steps are safe either way, since each is one transaction.
final class Interruption: @unchecked Sendable {
    /// The cancellation every training observer of this process shares.
    let cancellation = Cancellation()
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received = 0

    static let shared = Interruption()

    private static let names: [Int32: String] = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"]

    /// Routes the three signals to this handler instead of their default (ending the process).
    func install() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for (number, name) in Self.names {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInteractive))
            // Signals arriving together are coalesced into one event; `data` counts them.
            source.setEventHandler { [weak self] in self?.received(name, count: Int(source.data)) }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ name: String, count signals: Int) {
        lock.lock()
        received += max(signals, 1)
        let count = received
        lock.unlock()
        if count == 1 {
            printError("\n\(name): stopping at the next batch; the step in progress is abandoned (send it again to quit at once)")
            cancellation.cancel(name)
        } else {
            printError("\(name) again: quitting now; every stored step is whole, --resume continues the run")
            _exit(130)
        }
    }
}

/// The observer of a training command: progress bars, log lines, and the shared interruption.
func trainingObserver(quiet: Bool) -> TrainingObserver {
    let bar = ProgressBar(quiet: quiet)
    return trainingObserver { bar.update($0) }
}

/// An observer that sends progress to `progress`, logs to standard error and stops on signals.
func trainingObserver(progress: @escaping @Sendable (TrainingProgress) -> Void) -> TrainingObserver {
    Interruption.shared.install()
    return TrainingObserver(progress: progress, log: { printError($0) }, cancellation: Interruption.shared.cancellation)
}
