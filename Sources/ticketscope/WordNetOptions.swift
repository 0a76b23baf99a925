import ArgumentParser
import WordNet

/// How subnetwork names become WordNet synsets: shared by `semantic` and `report semantic`.
struct WordNetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Class-name table: cifar10 or cifar100.", valueName: "name")) var preset: String?
    @Option(help: ArgumentHelp("JSON object mapping subnetwork names to synset names.", valueName: "file")) var overrides: String?
    @Option(name: .customLong("wordnet-dir"), help: ArgumentHelp("WordNet 3.0 database directory.", valueName: "dir")) var wordNetDirectory: String?

    func validate() throws {
        if let preset, WordNetPreset(rawValue: preset) == nil { throw UsageError("unknown preset '\(preset)'; choose cifar10 or cifar100") }
    }

    var chosenPreset: WordNetPreset? { preset.flatMap(WordNetPreset.init(rawValue:)) }
    func loadOverrides() throws -> SynsetOverrides? { try overrides.map { try SynsetOverrides(contentsOfFile: $0) } }
    func database() throws -> WordNetDatabase { try WordNetDatabase(directory: wordNetDirectory) }
}
