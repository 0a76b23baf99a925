import Foundation

/// Word → synset-name choices that take precedence over a preset and over the first noun sense,
/// for datasets the presets do not cover.
///
/// The file form is a JSON object of strings: `{"seal": "seal.n.09", "aquarium fish": "fish.n.01"}`.
public struct SynsetOverrides: Equatable, Sendable {
    /// Where the entries came from (a file path), named in error messages.
    public let source: String
    /// The entries, keyed by normalized word (lower-case, underscores for spaces).
    public let synsetNames: [String: String]

    /// Overrides from an in-memory table; `source` names it in error messages.
    public init(synsetNames: [String: String], source: String = "overrides") {
        self.source = source
        self.synsetNames = Dictionary(synsetNames.map { (normalizedLemma($0.key), $0.value) }) { _, last in last }
    }

    /// Reads overrides from a JSON file.
    ///
    /// - Throws: ``WordNetError/invalidOverridesFile(file:detail:)`` if the file is missing, cannot be
    ///   read, or is not a JSON object whose values are all strings.
    public init(contentsOfFile path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WordNetError.invalidOverridesFile(file: path, detail: "no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WordNetError.invalidOverridesFile(file: path, detail: "cannot be read (\(error.localizedDescription))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw WordNetError.invalidOverridesFile(file: path, detail: "not valid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw WordNetError.invalidOverridesFile(
                file: path, detail: "expected a JSON object mapping names to synset names like {\"seal\": \"seal.n.09\"}")
        }
        var names: [String: String] = [:]
        for (word, value) in entries {
            guard let synsetName = value as? String else {
                throw WordNetError.invalidOverridesFile(file: path, detail: "entry \"\(word)\" is not a string synset name")
            }
            names[word] = synsetName
        }
        self.init(synsetNames: names, source: path)
    }

    /// The synset name chosen for `word`, if any.
    func synsetName(for word: String) -> String? {
        synsetNames[normalizedLemma(word)]
    }
}
