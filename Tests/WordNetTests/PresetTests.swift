import Testing
@testable import WordNet

@Suite("Presets")
struct PresetTests {
    @Test("classes, synsets and matrices match the NLTK fixture", arguments: WordNetPreset.allCases)
    func matchesFixture(preset: WordNetPreset) throws {
        let database = try Shared.database()
        let expected = try #require(try NLTKFixture.get().presets[preset.rawValue])
        #expect(preset.classNames == expected.classes)
        let matrix = try database.similarityMatrix(words: preset.classNames, preset: preset)
        #expect(matrix.words == expected.classes)
        #expect(matrix.synsets.map(\.name) == expected.synsets)
        for i in expected.matrix.indices {
            for j in expected.matrix.indices {
                #expect(abs(matrix.values[i][j] - expected.matrix[i][j]) <= 1e-9, "\(expected.classes[i]) ~ \(expected.classes[j])")
            }
        }
    }

    @Test("the dataset's meaning wins over the first sense")
    func chosenSenses() throws {
        let database = try Shared.database()
        #expect(try database.defaultSynset(for: "seal").name == "sealing_wax.n.01")
        #expect(try database.resolve("seal", preset: .cifar100).name == "seal.n.09")
        #expect(try database.resolve("Aquarium Fish", preset: .cifar100).name == "fish.n.01")
        #expect(try database.resolve("maple_tree", preset: .cifar100).name == "maple.n.02")
        #expect(try database.resolve("automobile", preset: .cifar10).name == "car.n.01")
        // A word outside the preset falls back to its first noun sense.
        #expect(try database.resolve("mouse", preset: .cifar10).name == "mouse.n.01")
        // A synset name stands for itself.
        #expect(try database.resolve("seal.n.09").name == "seal.n.09")
        #expect(throws: WordNetError.unknownSynset(name: "xyzzy.n.01", detail: "'xyzzy' is not a WordNet noun lemma")) {
            try database.resolve("xyzzy.n.01")
        }
    }

    @Test("preset sizes and lookups")
    func lookups() {
        #expect(WordNetPreset.cifar10.classNames.count == 10)
        #expect(WordNetPreset.cifar100.classNames.count == 100)
        #expect(WordNetPreset.cifar100.synsetName(for: "Sweet Pepper") == "sweet_pepper.n.02")
        #expect(WordNetPreset.cifar10.synsetName(for: "seal") == nil)
        #expect(WordNetPreset(rawValue: "cifar100") == .cifar100)
    }

    @Test("a similarity matrix is symmetric with ones on the diagonal")
    func matrixShape() throws {
        let database = try Shared.database()
        let matrix = try database.similarityMatrix(words: ["cat", "dog", "truck", "cat"])
        #expect(matrix.values.count == 4 && matrix.values.allSatisfy { $0.count == 4 })
        for i in 0..<4 {
            #expect(matrix.values[i][i] == 1)
            for j in 0..<4 { #expect(matrix.values[i][j] == matrix.values[j][i]) }
        }
        #expect(matrix.values[0][1] == 0.2)
        #expect(matrix.values[0][3] == 1)
        #expect(try database.similarityMatrix(words: []).values.isEmpty)
    }
}
