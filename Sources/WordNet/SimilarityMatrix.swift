/// Pairwise WordNet path similarities of a list of class names.
public struct SimilarityMatrix: Equatable, Sendable {
    /// The class names, in the order given.
    public let words: [String]
    /// The synset each word was resolved to.
    public let synsets: [Synset]
    /// `values[i][j]` is the path similarity of `synsets[i]` and `synsets[j]`: symmetric, 1 on the diagonal.
    public let values: [[Double]]
}

extension WordNetDatabase {
    /// The synset a class name stands for: the `overrides` entry if there is one, else the `preset`
    /// entry, else, for a word shaped like a synset name (`seal.n.09`), that synset, else the first
    /// noun sense (``defaultSynset(for:)``).
    ///
    /// - Throws: ``WordNetError/unknownOverride(file:word:synsetName:detail:)`` for an override naming an
    ///   unknown synset, ``WordNetError/unknownSynset(name:detail:)`` for an unknown synset name,
    ///   ``WordNetError/noNounSense(word:)`` for a word with no noun sense.
    public func resolve(_ word: String, preset: WordNetPreset? = nil, overrides: SynsetOverrides? = nil) throws -> Synset {
        if let overrides, let name = overrides.synsetName(for: word) {
            do {
                return try synset(named: name)
            } catch let WordNetError.unknownSynset(_, detail) {
                throw WordNetError.unknownOverride(file: overrides.source, word: word, synsetName: name, detail: detail)
            }
        }
        if let name = preset?.synsetName(for: word) {
            return try synset(named: name)
        }
        if isSynsetName(word) {
            return try synset(named: word)
        }
        return try defaultSynset(for: word)
    }

    /// The K×K path-similarity matrix of `words` (for example the subnetworks' class names), each
    /// resolved with ``resolve(_:preset:overrides:)``. Every overrides entry is checked first, so a typo
    /// is reported even for a word not in `words`.
    ///
    /// - Throws: ``WordNetError`` naming the first word, entry or file that could not be resolved.
    public func similarityMatrix(
        words: [String], preset: WordNetPreset? = nil, overrides: SynsetOverrides? = nil
    ) throws -> SimilarityMatrix {
        if let overrides {
            for word in overrides.synsetNames.keys.sorted() {
                _ = try resolve(word, overrides: overrides)
            }
        }
        let synsets = try words.map { try resolve($0, preset: preset, overrides: overrides) }
        let ancestors = try synsets.map { try self.ancestors(of: $0) }
        var values = [[Double]](repeating: [Double](repeating: 1, count: words.count), count: words.count)
        for i in synsets.indices {
            for j in synsets.indices where j > i {
                let similarity = try pathSimilarity(ancestors[i], ancestors[j])
                values[i][j] = similarity
                values[j][i] = similarity
            }
        }
        return SimilarityMatrix(words: words, synsets: synsets, values: values)
    }
}

/// True for text shaped like a noun synset name, `lemma.n.NN`.
private func isSynsetName(_ word: String) -> Bool {
    let parts = word.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count >= 3 && parts[parts.count - 2].lowercased() == "n" && Int(parts[parts.count - 1]) != nil
        && !parts[0].isEmpty
}
