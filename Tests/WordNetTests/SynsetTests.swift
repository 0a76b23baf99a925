import Testing
@testable import WordNet

@Suite("Synsets agree with NLTK")
struct SynsetTests {
    @Test("offsets, lemmas and definitions of named synsets")
    func details() throws {
        let database = try Shared.database()
        let fixture = try NLTKFixture.get()
        for (name, expected) in fixture.synsets {
            let synset = try database.synset(named: name)
            #expect(synset.name == name)
            #expect(synset.offset == expected.offset, "\(name) offset")
            #expect(synset.lemmas == expected.lemmas, "\(name) lemmas")
            #expect(synset.definition == expected.definition, "\(name) definition")
        }
    }

    @Test("a name built from any lemma finds the synset under its canonical name")
    func aliases() throws {
        let database = try Shared.database()
        for (alias, canonical) in try NLTKFixture.get().named {
            #expect(try database.synset(named: alias).name == canonical, "\(alias)")
        }
        #expect(try database.synset(named: "true_cat.n.01").name == "cat.n.01")
        #expect(try database.synset(named: "Seal.N.09").name == "seal.n.09")
        #expect(try database.synset(named: "sweet pepper.n.02").name == "sweet_pepper.n.02")
    }

    @Test("every noun synset's name, lemmas and definition (CRC-32 over all of data.noun)")
    func allSynsets() throws {
        let database = try Shared.database()
        let expected = try NLTKFixture.get().all_synsets
        let synsets = try database.data.offsets.indices.map { try database.synset(row: $0) }
        #expect(synsets.count == expected.count)
        #expect(crc32(synsets.map(\.name)) == expected.crc32_names)
        #expect(crc32(synsets.map { $0.lemmas.joined(separator: " ") }) == expected.crc32_lemmas)
        #expect(crc32(synsets.map(\.definition)) == expected.crc32_definitions)
    }

    @Test("bad synset names are errors that say why", arguments: [
        ("cat", "expected a name like cat.n.01"),
        ("cat.n.x", "expected a name like cat.n.01"),
        ("cat.n.00", "expected a name like cat.n.01"),
        ("run.v.01", "only noun synsets"),
        ("xyzzy.n.01", "'xyzzy' is not a WordNet noun lemma"),
        ("cat.n.09", "'cat' has only 8 noun senses"),
        ("lawn_mower.n.02", "'lawn_mower' has only 1 noun sense"),
    ])
    func badNames(name: String, reason: String) throws {
        let database = try Shared.database()
        do {
            _ = try database.synset(named: name)
            Issue.record("\(name) should not resolve")
        } catch let error as WordNetError {
            guard case let .unknownSynset(reported, detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reported == name)
            #expect(detail.contains(reason), "\(detail)")
            #expect(error.description.contains(name))
        }
    }

    @Test("definitions drop quoted examples and trailing semicolons, as NLTK")
    func glossParsing() {
        #expect(definition(fromGloss: #" feline mammal; "a cat""#) == "feline mammal")
        #expect(definition(fromGloss: #" a "b" c; "d"  "#) == "a  c")
        #expect(definition(fromGloss: #" open "quote"#) == #"open "quote"#)
    }
}
