import Testing
@testable import WordNet

@Suite("Path similarity agrees with NLTK")
struct PathSimilarityTests {
    @Test("random noun pairs, instance nouns and fixed pairs")
    func pairs() throws {
        let database = try Shared.database()
        let pairs = try NLTKFixture.get().pairs
        #expect(pairs.count > 400)
        for pair in pairs {
            let a = try database.synset(named: pair.a)
            let b = try database.synset(named: pair.b)
            let similarity = try database.pathSimilarity(a, b)
            #expect(abs(similarity - pair.similarity) <= 1e-9, "\(pair.a) ~ \(pair.b): \(similarity) vs \(pair.similarity)")
            #expect(try database.pathSimilarity(b, a) == similarity)
        }
    }

    @Test("instance hypernyms count: Paris is one edge below city")
    func instances() throws {
        let database = try Shared.database()
        let paris = try database.synset(named: "paris.n.01")
        #expect(try database.pathSimilarity(paris, database.synset(named: "national_capital.n.01")) == 0.5)
        #expect(try database.pathSimilarity(paris, paris) == 1)
    }

    @Test("a synset from another database is refused")
    func foreign() throws {
        let database = try Shared.database()
        let cat = try database.synset(named: "cat.n.01")
        let forged = Synset(name: "cat.n.01", offset: cat.offset + 1, lemmas: cat.lemmas, definition: cat.definition)
        #expect(throws: WordNetError.foreignSynset(name: "cat.n.01")) { try database.pathSimilarity(cat, forged) }
    }
}
