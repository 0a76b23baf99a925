import Foundation
import Testing
@testable import WordNet

@Suite("Finding and reading the database")
struct DatabaseLocationTests {
    @Test("explicit directory, then WNSEARCHDIR, then /usr/share/wordnet")
    func precedence() {
        #expect(WordNetDatabase.resolveDirectory(explicit: "/a", environment: ["WNSEARCHDIR": "/b"]) == "/a")
        #expect(WordNetDatabase.resolveDirectory(explicit: nil, environment: ["WNSEARCHDIR": "/b"]) == "/b")
        #expect(WordNetDatabase.resolveDirectory(explicit: nil, environment: ["WNSEARCHDIR": ""]) == "/usr/share/wordnet")
        #expect(WordNetDatabase.resolveDirectory(explicit: nil, environment: [:]) == "/usr/share/wordnet")
    }

    @Test("a missing database says how to install it")
    func missing() throws {
        let directory = try temporaryDirectory().path
        #expect(throws: WordNetError.databaseNotFound(directory: directory, missingFile: "data.noun")) {
            try WordNetDatabase(directory: directory)
        }
        let message = WordNetError.databaseNotFound(directory: directory, missingFile: "data.noun").description
        #expect(message.contains("apt-get install wordnet-base") && message.contains("WNSEARCHDIR"))
        #expect(!message.contains("\n"))
    }

    @Test("a corrupt data.noun is reported, not crashed on")
    func corrupt() throws {
        let directory = try temporaryDirectory()
        for file in ["index.noun", "noun.exc"] {
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: WordNetDatabase.defaultDirectory).appendingPathComponent(file),
                to: directory.appendingPathComponent(file))
        }
        try "00000000 03 n 01 entity 0 000 | x\n00000099 03 n".write(
            to: directory.appendingPathComponent("data.noun"), atomically: true, encoding: .utf8)
        #expect {
            try WordNetDatabase(directory: directory.path)
        } throws: { error in
            guard case .malformedDatabase(let file, _)? = error as? WordNetError else { return false }
            return file == "data.noun"
        }
    }

    @Test("a tiny consistent database works end to end")
    func tiny() throws {
        let directory = try temporaryDirectory()
        let root = "00000000 03 n 01 entity 0 000 | that which exists\n"
        let child = String(format: "%08d", root.utf8.count) + " 03 n 02 Thing 0 widget 0 001 @ 00000000 n 0000 | a \"quoted\" thing; \n"
        try (root + child).write(to: directory.appendingPathComponent("data.noun"), atomically: true, encoding: .utf8)
        let index = "  licence line\nentity n 1 0 1 0 00000000\nthing n 1 1 @ 1 0 \(String(format: "%08d", root.utf8.count))\nwidget n 1 0 1 0 \(String(format: "%08d", root.utf8.count))\n"
        try index.write(to: directory.appendingPathComponent("index.noun"), atomically: true, encoding: .utf8)
        try "widgetry widget\n".write(to: directory.appendingPathComponent("noun.exc"), atomically: true, encoding: .utf8)
        let database = try WordNetDatabase(directory: directory.path)
        let thing = try database.defaultSynset(for: "widgetry")
        #expect(thing.name == "thing.n.01")
        #expect(thing.lemmas == ["Thing", "widget"])
        #expect(thing.definition == "a  thing")
        #expect(try database.pathSimilarity(thing, database.synset(named: "entity.n.01")) == 0.5)
    }
}
