import Foundation

/// The WordNet 3.0 noun database (index.noun, data.noun, noun.exc), read once into memory.
///
/// Lookups follow NLTK's `nltk.corpus.wordnet` for nouns: the same morphology, the same synset order
/// and names, the same path similarity. Instances are immutable and safe to share between threads.
///
/// ```swift
/// let wordnet = try WordNetDatabase()
/// let cat = try wordnet.synset(named: "cat.n.01")
/// let dog = try wordnet.defaultSynset(for: "dogs")           // dog.n.01
/// let similarity = try wordnet.pathSimilarity(cat, dog)      // 0.2
/// ```
public final class WordNetDatabase: Sendable {
    /// The directory the database was read from.
    public let directory: String
    let data: NounData
    let index: NounIndex
    private let morphology: NounMorphology

    /// The directory used when none is given and `WNSEARCHDIR` is unset: where Debian's `wordnet-base` installs.
    public static let defaultDirectory = "/usr/share/wordnet"

    /// Reads the noun database from `directory`, else from the `WNSEARCHDIR` environment variable,
    /// else from ``defaultDirectory``.
    ///
    /// - Throws: ``WordNetError/databaseNotFound(directory:missingFile:)`` when a file is missing,
    ///   ``WordNetError/malformedDatabase(file:detail:)`` when one cannot be read or parsed.
    public convenience init(directory: String? = nil) throws {
        try self.init(directory: Self.resolveDirectory(explicit: directory, environment: ProcessInfo.processInfo.environment))
    }

    private init(directory: String) throws {
        self.directory = directory
        let dataBytes = try Self.read("data.noun", in: directory)
        let indexBytes = try Self.read("index.noun", in: directory)
        let exceptionBytes = try Self.read("noun.exc", in: directory)
        data = try NounData(bytes: dataBytes)
        index = try NounIndex(bytes: indexBytes, data: data)
        morphology = NounMorphology(exceptionBytes: exceptionBytes)
    }

    /// The database directory: `explicit` if given, else a non-empty `WNSEARCHDIR`, else ``defaultDirectory``.
    static func resolveDirectory(explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let searchDirectory = environment["WNSEARCHDIR"], !searchDirectory.isEmpty { return searchDirectory }
        return defaultDirectory
    }

    private static func read(_ file: String, in directory: String) throws -> [UInt8] {
        let path = (directory as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else {
            throw WordNetError.databaseNotFound(directory: directory, missingFile: file)
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw WordNetError.malformedDatabase(file: path, detail: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// The noun lemmas `word` may be a form of, as NLTK's `wn._morphy(word, "n")`: `"mice"` → `["mouse"]`,
    /// `"dogs"` → `["dog"]`, `"glasses"` → `["glasses", "glass"]`. Case-insensitive; spaces may stand for
    /// underscores. Empty if none is a noun.
    public func morphy(_ word: String) -> [String] {
        morphology.baseForms(of: normalizedLemma(word), in: index)
    }

    /// Every noun synset of `word`, as NLTK's `wn.synsets(word, "n")`: for each form from ``morphy(_:)``
    /// in turn, its synsets in sense order. A synset reached through two forms is listed once, where
    /// it first appears. Empty if `word` has no noun sense.
    ///
    /// - Throws: ``WordNetError/malformedDatabase(file:detail:)`` if a synset's line cannot be parsed.
    public func synsets(_ word: String) throws -> [Synset] {
        var seen = Set<Int32>()
        return try morphy(word)
            .flatMap { index.rows(of: $0) }
            .filter { seen.insert($0).inserted }
            .map { try synset(row: Int($0)) }
    }

    /// The sense a bare word most likely means: its first noun synset, as NLTK's `wn.synsets(word, "n")[0]`.
    ///
    /// - Throws: ``WordNetError/noNounSense(word:)`` if WordNet has no noun sense of `word`.
    public func defaultSynset(for word: String) throws -> Synset {
        guard let first = try synsets(word).first else { throw WordNetError.noNounSense(word: word) }
        return first
    }

    /// The synset with an NLTK-style name `lemma.n.NN`, as NLTK's `wn.synset(name)`: sense NN of the noun
    /// `lemma`. Any lemma of the synset may be used, and the result carries its canonical
    /// ``Synset/name``: `true_cat.n.01` is `cat.n.01`. Case-insensitive; spaces may stand for underscores.
    ///
    /// - Throws: ``WordNetError/unknownSynset(name:detail:)`` if the name is malformed, not a noun,
    ///   or names a lemma or sense number WordNet does not have.
    public func synset(named name: String) throws -> Synset {
        let parts = normalizedLemma(name).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = Int(parts[parts.count - 1]), number >= 1 else {
            throw WordNetError.unknownSynset(name: name, detail: "expected a name like cat.n.01")
        }
        guard parts[parts.count - 2] == "n" else {
            throw WordNetError.unknownSynset(name: name, detail: "only noun synsets (lemma.n.NN) are supported")
        }
        let lemma = parts.dropLast(2).joined(separator: ".")
        let rows = index.rows(of: lemma)
        guard !rows.isEmpty else {
            throw WordNetError.unknownSynset(name: name, detail: "'\(lemma)' is not a WordNet noun lemma")
        }
        guard number <= rows.count else {
            let senses = rows.count == 1 ? "1 noun sense" : "\(rows.count) noun senses"
            throw WordNetError.unknownSynset(name: name, detail: "'\(lemma)' has only \(senses)")
        }
        return try synset(row: Int(rows[rows.startIndex + number - 1]))
    }

    /// Builds the public synset for a row of data.noun.
    func synset(row: Int) throws -> Synset {
        let entry = try data.entry(row: row)
        let head = entry.lemmas[0].lowercased()
        let senses = index.rows(of: head)
        guard let sense = senses.firstIndex(of: Int32(row)) else {
            throw WordNetError.malformedDatabase(
                file: "index.noun", detail: "'\(head)' does not list its synset at offset \(data.offsets[row])")
        }
        let number = sense - senses.startIndex + 1
        let name = "\(head).n.\(number < 10 ? "0" : "")\(number)"
        return Synset(name: name, offset: data.offsets[row], lemmas: entry.lemmas, definition: entry.definition)
    }
}
