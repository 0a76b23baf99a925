/// A WordNet noun synset: one sense shared by a set of lemmas.
public struct Synset: Hashable, Sendable, CustomStringConvertible {
    /// The name NLTK gives it, `<first lemma, lower-cased>.n.<sense number of this synset for that lemma>`,
    /// for example `cat.n.01` or `seal.n.09`.
    public let name: String
    /// The byte offset of its line in data.noun, WordNet's identifier for it (`2121620` for `cat.n.01`).
    public let offset: Int
    /// Its lemmas as written in data.noun, multi-word lemmas with underscores (`["Paris", "City_of_Light", ...]`).
    public let lemmas: [String]
    /// Its gloss without the example sentences, as NLTK's `definition()`.
    public let definition: String

    /// The synset's name.
    public var description: String { name }
}
