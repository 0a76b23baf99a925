import DatasetFetch
import Datasets
import Foundation
import Testing

/// The committed fixtures (scripts/fixtures/make_fetch_fixtures.py made them).
enum Fixtures {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Size, SHA-256 (hashlib) and file list of each archive, from archives.json.
    static func archive(_ name: String) throws -> (pin: ArchivePin, files: [String]) {
        let index = try JSONSerialization.jsonObject(with: data("archives.json")) as? [String: Any]
        let entry = try #require((index?["archives"] as? [String: Any])?[name] as? [String: Any])
        let sha = try #require(entry["sha256"] as? String), size = try #require(entry["size"] as? Int)
        return (ArchivePin(sha256: sha, byteCount: Int64(size)), try #require(entry["files"] as? [String]))
    }
}

/// Runs `body` with a fresh empty directory (the data root), removed afterwards.
func withDataRoot(_ body: (String) throws -> Void) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetFetchTests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    try body(root)
}

/// Everything in `root`, hidden names included, sorted.
func contents(_ root: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() }

/// Expects `body` to throw a one-line `FetchError` mentioning every fragment, and `root` to hold
/// exactly `leaves` afterwards (nothing half-written, no staging directory).
func expectFetchFailure(root: String, leaves: [String] = [], mentions fragments: [String],
                        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    let error = #expect(throws: FetchError.self, sourceLocation: sourceLocation) { try body() }
    if let error {
        for fragment in fragments { #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation) }
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    }
    #expect(contents(root) == leaves, "left in the data root: \(contents(root))", sourceLocation: sourceLocation)
}
