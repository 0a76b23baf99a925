import Foundation

/// A request to stop a fetch, safe to make from any thread (a signal handler's queue). A download in
/// progress is cancelled at once, not at its next chunk, so a stalled connection stops too.
public final class FetchCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var why: String?
    private var onCancel: [@Sendable () -> Void] = []

    /// Not cancelled.
    public init() {}

    /// Asks the fetch to stop; the first reason given is kept.
    public func cancel(_ reason: String) {
        lock.lock()
        guard why == nil else { lock.unlock(); return }
        why = reason
        let handlers = onCancel
        onCancel = []
        lock.unlock()
        for handler in handlers { handler() }
    }

    /// Why stopping was requested, or nil.
    public var reason: String? {
        lock.lock(); defer { lock.unlock() }
        return why
    }

    /// Throws `FetchError.interrupted` once cancellation was requested.
    func check() throws {
        if let reason { throw FetchError.interrupted(reason: reason) }
    }

    /// Runs `handler` on cancellation (at once if already cancelled).
    func whenCancelled(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        if why == nil { onCancel.append(handler); lock.unlock(); return }
        lock.unlock()
        handler()
    }
}
