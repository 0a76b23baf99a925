import ArgumentParser
import Foundation
import WordNet

/// `ticketscope wordnet`: WordNet noun lookups for the semantic-alignment analysis.
struct WordNetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordnet",
        abstract: "Look up class names in WordNet and compare them.",
        subcommands: [Similarity.self]
    )
}

extension WordNetCommand {
    /// `ticketscope wordnet similarity`: the path-similarity matrix of class names.
    struct Similarity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the WordNet path-similarity matrix of class names.",
            discussion: """
                Each WORD is resolved to a WordNet 3.0 noun synset: its --overrides entry if it has one, \
                else its --preset entry, else the word's first noun sense (as NLTK's wn.synsets(word, 'n')[0]). \
                Plurals and multi-word names work ("mice", "sweet pepper", "lawn_mower"), and a synset name \
                such as seal.n.09 picks that sense. \
                Similarity is NLTK's path_similarity: 1 / (1 + the shortest hypernym path between the two synsets).

                With --preset and no WORD, all of the preset's classes are compared, in label order. \
                An overrides file is a JSON object of names to synset names, for example \
                {"seal": "seal.n.09", "aquarium fish": "fish.n.01"}.

                The database (index.noun, data.noun, noun.exc) is read from --wordnet-dir, else $WNSEARCHDIR, \
                else /usr/share/wordnet, where Debian's wordnet-base package installs it.

                Examples:
                  ticketscope wordnet similarity cat dog truck
                  ticketscope wordnet similarity --preset cifar10
                  ticketscope wordnet similarity --preset cifar100 --json seal mouse ray
                """
        )

        @Flag(help: "Print JSON with the fields words, synsets and matrix instead of a table.")
        var json = false

        @Option(help: ArgumentHelp("Class-name table of a dataset: cifar10 or cifar100.", valueName: "name"))
        var preset: String?

        @Option(
            help: ArgumentHelp("JSON object mapping names to synset names; wins over --preset.", valueName: "file"),
            completion: .file(extensions: ["json"])
        )
        var overrides: String?

        @Option(
            name: .customLong("wordnet-dir"),
            help: ArgumentHelp("Directory of the WordNet 3.0 database files.", valueName: "dir"),
            completion: .directory
        )
        var wordNetDirectory: String?

        @Argument(help: ArgumentHelp("Class names to compare.", valueName: "word"))
        var words: [String] = []

        func validate() throws {
            if let preset, WordNetPreset(rawValue: preset) == nil {
                let choices = WordNetPreset.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("unknown preset '\(preset)'; choose one of: \(choices)")
            }
            if words.isEmpty, preset == nil {
                throw UsageError("give at least one WORD, or --preset to compare all of its classes")
            }
        }

        func run() throws {
            let preset = self.preset.flatMap(WordNetPreset.init(rawValue:))
            let overrides = try self.overrides.map { try SynsetOverrides(contentsOfFile: $0) }
            let database = try WordNetDatabase(directory: wordNetDirectory)
            let matrix = try database.similarityMatrix(
                words: words.isEmpty ? preset?.classNames ?? [] : words, preset: preset, overrides: overrides)
            if json {
                try printJSON(Output(words: matrix.words, synsets: matrix.synsets.map(\.name), matrix: matrix.values))
                return
            }
            print("Synsets:")
            print(table(zip(matrix.words, matrix.synsets).map { [$0, $1.name, $1.definition] }))
            print("\nPath similarity:")
            print(matrixTable(matrix))
        }

        /// The matrix with the words as row and column labels. (The shared `table` helper trims leading
        /// white space, which would shift the header row's empty corner cell.)
        private func matrixTable(_ matrix: SimilarityMatrix) -> String {
            let labelWidth = matrix.words.map(\.count).max() ?? 0
            let columnWidths = matrix.words.map { max(5, $0.count) }
            func line(_ label: String, _ cells: [String]) -> String {
                let padded = zip(cells, columnWidths).map { cell, width in
                    "  " + String(repeating: " ", count: width - cell.count) + cell
                }
                return label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + padded.joined()
            }
            let rows = zip(matrix.words, matrix.values).map { word, row in line(word, row.map { fixed($0) }) }
            return ([line("", matrix.words)] + rows).joined(separator: "\n")
        }

        /// The `--json` document.
        private struct Output: Encodable {
            let words: [String]
            let synsets: [String]
            let matrix: [[Double]]
        }
    }
}
