import Foundation

/// Why a WordNet lookup or a similarity matrix could not be produced. Every case has a one-line
/// ``description`` that names the file, word or synset at fault and, where it helps, what to do.
public enum WordNetError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The noun database is not in `directory`; `missingFile` is the first file not found.
    case databaseNotFound(directory: String, missingFile: String)
    /// A database file exists but could not be read or parsed.
    case malformedDatabase(file: String, detail: String)
    /// The word has no noun sense in WordNet, even after morphological reduction.
    case noNounSense(word: String)
    /// A synset name such as `cat.n.01` is malformed or names no noun synset.
    case unknownSynset(name: String, detail: String)
    /// A synset passed in does not belong to this database (its offset is not in data.noun).
    case foreignSynset(name: String)
    /// The two synsets share no hypernym ancestor (never the case for WordNet 3.0 nouns).
    case noPath(from: String, to: String)
    /// An overrides file is missing, cannot be read, or is not a JSON object of strings.
    case invalidOverridesFile(file: String, detail: String)
    /// An overrides entry maps a word to a synset name the database does not have.
    case unknownOverride(file: String, word: String, synsetName: String, detail: String)

    /// A one-line explanation of the problem.
    public var description: String {
        switch self {
        case let .databaseNotFound(directory, missingFile):
            return "WordNet noun database not found: \(directory)/\(missingFile) is missing. "
                + "Install Debian's wordnet-base (apt-get install wordnet-base) "
                + "or set WNSEARCHDIR to the directory holding index.noun, data.noun and noun.exc."
        case let .malformedDatabase(file, detail):
            return "WordNet file \(file) is malformed: \(detail)"
        case let .noNounSense(word):
            return "'\(word)' has no noun sense in WordNet; map it to a synset with an overrides file"
        case let .unknownSynset(name, detail):
            return "unknown WordNet synset '\(name)': \(detail)"
        case let .foreignSynset(name):
            return "synset \(name) does not come from this WordNet database"
        case let .noPath(from, to):
            return "no hypernym path connects \(from) and \(to)"
        case let .invalidOverridesFile(file, detail):
            return "overrides file \(file): \(detail)"
        case let .unknownOverride(file, word, synsetName, detail):
            return "overrides file \(file): entry \"\(word)\": \"\(synsetName)\": \(detail)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
