import Foundation

/// Pages and JSON already built, by request and store revision (``RunStore/revision()``): a page is
/// built once per state of the store however many clients ask for it, and a new step (a new revision)
/// builds it anew on the next reload. Builds run one at a time, so a burst of clients asking for a page
/// that is not cached yet builds it once instead of once each.
final class PageCache: @unchecked Sendable {
    private var entries: [String: Data] = [:]
    private var order: [String] = []
    private let limit: Int
    private let lock = NSLock()
    private let buildLock = NSLock()

    init(limit: Int = 64) { self.limit = limit }

    /// The cached value of `key`, else `build()`'s, stored under `key`.
    func value(_ key: String, build: () throws -> Data) rethrows -> Data {
        if let hit = lookup(key) { return hit }
        buildLock.lock()
        defer { buildLock.unlock() }
        if let hit = lookup(key) { return hit }
        let data = try build()
        lock.lock()
        entries[key] = data
        order.append(key)
        if order.count > limit { entries[order.removeFirst()] = nil }
        lock.unlock()
        return data
    }

    private func lookup(_ key: String) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }
}
