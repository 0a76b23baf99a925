extension WordNetDatabase {
    /// NLTK's `Synset.path_similarity` for nouns: 1 / (d + 1), where d is the fewest hypernym edges
    /// (`@` and `@i`, so instances such as `paris.n.01` count) from `a` and from `b` up to a common
    /// ancestor, added together. 1 for a synset with itself; in (0, 1) otherwise.
    ///
    /// - Throws: ``WordNetError/foreignSynset(name:)`` for a synset from another database,
    ///   ``WordNetError/noPath(from:to:)`` if the two share no ancestor (impossible for WordNet 3.0
    ///   nouns, which all reach `entity.n.01`).
    public func pathSimilarity(_ a: Synset, _ b: Synset) throws -> Double {
        if a == b { return 1 }
        return try pathSimilarity(ancestors(of: a), ancestors(of: b))
    }

    /// Path similarity from two ``ancestors(of:)`` tables, so a matrix computes each table once.
    func pathSimilarity(_ a: Ancestors, _ b: Ancestors) throws -> Double {
        if a.synset == b.synset { return 1 }
        let distance = a.distances.compactMap { ancestor, up in b.distances[ancestor].map { up + $0 } }.min()
        guard let distance else { throw WordNetError.noPath(from: a.synset.name, to: b.synset.name) }
        return 1 / Double(distance + 1)
    }

    /// A synset with every ancestor and its fewest hypernym edges away.
    struct Ancestors {
        let synset: Synset
        let distances: [Int32: Int]
    }

    /// The ancestors of `synset`, found breadth-first as NLTK's `_shortest_hypernym_paths`.
    func ancestors(of synset: Synset) throws -> Ancestors {
        let row = try row(of: synset)
        var distances: [Int32: Int] = [Int32(row): 0]
        var frontier: [Int32] = [Int32(row)]
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var next: [Int32] = []
            for node in frontier {
                for parent in data.parentRows(of: Int(node)) where distances[parent] == nil {
                    distances[parent] = depth
                    next.append(parent)
                }
            }
            frontier = next
        }
        return Ancestors(synset: synset, distances: distances)
    }

    /// The synset's row in data.noun, checked against its name so synsets of another database are refused.
    private func row(of synset: Synset) throws -> Int {
        guard let row = data.row(ofOffset: synset.offset), try self.synset(row: row) == synset else {
            throw WordNetError.foreignSynset(name: synset.name)
        }
        return row
    }
}
