import Foundation
import Testing
@testable import WordNet

@Suite("Overrides files")
struct OverridesTests {
    private func write(_ text: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent("overrides.json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("entries take precedence over the preset and the first sense")
    func precedence() throws {
        let database = try Shared.database()
        let path = try write(#"{"seal": "seal.n.02", "Aquarium Fish": "goldfish.n.01"}"#)
        let overrides = try SynsetOverrides(contentsOfFile: path)
        #expect(overrides.source == path)
        #expect(try database.resolve("seal", preset: .cifar100, overrides: overrides).name == "seal.n.02")
        #expect(try database.resolve("aquarium_fish", preset: .cifar100, overrides: overrides).name == "goldfish.n.01")
        let matrix = try database.similarityMatrix(words: ["seal", "cat"], preset: .cifar100, overrides: overrides)
        #expect(matrix.synsets.map(\.name) == ["seal.n.02", "cat.n.01"])
    }

    @Test("malformed files are errors naming the file", arguments: [
        ("{not json", "not valid JSON"),
        (#"["seal.n.09"]"#, "expected a JSON object"),
        (#"{"seal": 9}"#, #"entry "seal" is not a string"#),
    ])
    func malformed(text: String, reason: String) throws {
        let path = try write(text)
        do {
            _ = try SynsetOverrides(contentsOfFile: path)
            Issue.record("\(text) should be rejected")
        } catch let error as WordNetError {
            #expect(error.description.contains(path))
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test("a missing file is an error naming it")
    func missing() {
        #expect(throws: WordNetError.invalidOverridesFile(file: "/nonexistent/overrides.json", detail: "no such file")) {
            try SynsetOverrides(contentsOfFile: "/nonexistent/overrides.json")
        }
    }

    @Test("an unknown synset name is an error naming the file and the entry, even for an unused word")
    func unknownSynset() throws {
        let database = try Shared.database()
        let overrides = SynsetOverrides(synsetNames: ["seal": "seal.n.99"], source: "mine.json")
        let expected = WordNetError.unknownOverride(
            file: "mine.json", word: "seal", synsetName: "seal.n.99", detail: "'seal' has only 9 noun senses")
        #expect(throws: expected) { try database.similarityMatrix(words: ["cat", "dog"], overrides: overrides) }
        #expect(expected.description.contains("mine.json") && expected.description.contains("\"seal\""))
    }

    @Test("a word with neither an entry nor a noun sense is named in the error")
    func unresolvable() throws {
        let database = try Shared.database()
        #expect(throws: WordNetError.noNounSense(word: "aquarium_fish")) {
            try database.similarityMatrix(words: ["cat", "aquarium_fish"])
        }
    }
}
