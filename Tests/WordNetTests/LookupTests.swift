import Testing
@testable import WordNet

@Suite("Word lookups agree with NLTK")
struct LookupTests {
    @Test("morphy and synsets(word) match nltk for every fixture word")
    func lookupsMatch() throws {
        let database = try Shared.database()
        let fixture = try NLTKFixture.get()
        #expect(fixture.lookups.count > 600)
        for (word, expected) in fixture.lookups {
            #expect(database.morphy(word) == expected.morphy, "morphy(\(word))")
            #expect(try database.synsets(word).map(\.name) == expected.synsets, "synsets(\(word))")
        }
    }

    @Test("irregular plurals, suffix rules and multi-word names")
    func examples() throws {
        let database = try Shared.database()
        #expect(database.morphy("mice") == ["mouse"])
        #expect(database.morphy("churches") == ["church"])
        #expect(database.morphy("wolves") == ["wolf"])
        #expect(database.morphy("glasses") == ["glasses", "glass"])
        #expect(try database.defaultSynset(for: "Sweet Pepper").name == "sweet_pepper.n.01")
        #expect(try database.defaultSynset(for: "lawn_mowers").name == "lawn_mower.n.01")
        #expect(try database.defaultSynset(for: "pickup truck").name == "pickup.n.01")
    }

    @Test("a word with no noun sense is an error naming the word")
    func noNounSense() throws {
        let database = try Shared.database()
        #expect(try database.synsets("quickly").isEmpty)
        #expect(throws: WordNetError.noNounSense(word: "quickly")) { try database.defaultSynset(for: "quickly") }
        #expect(WordNetError.noNounSense(word: "quickly").description.contains("'quickly'"))
    }
}
