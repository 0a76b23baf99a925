import ArgumentParser
import Diagnostics
import RunStore
import StoreJSON

struct SemanticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semantic",
        abstract: "Correlate WordNet similarity of the subnetworks' classes with their mask similarity, step by step.",
        discussion: """
            At every pruning step and in every scope (global and the shallow / middle / deep thirds of the \
            layers), Spearman's rho between the upper triangles of the WordNet path-similarity matrix and \
            the mask Jaccard matrix, with its p-value and the mean Jaccard; per class, its row against its \
            row (itself excluded); and the mean rho over the early, middle and late thirds of the steps.

            Subnetworks are mapped to synsets by their stored synset, else --overrides, else --preset, \
            else the first noun sense of their name. Needs at least 3 subnetworks (4 for per-class rows).

            Examples:
              ticketscope semantic --run cifar10-rtl --preset cifar10
              ticketscope semantic --run my-run --overrides synsets.json --json
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @OptionGroup var wordnet: WordNetOptions
    @Flag(help: "Print JSON.") var json = false

    struct GroupJSON: Encodable {
        @Null var spearman: Double?
        @Null var p_value: Double?
        @Null var permutations: Int?
        @Null var exact: Bool?
        let mean_jaccard: Double, pairs: Int
        @Null var note: String?
        init(_ a: Alignment) {
            spearman = a.spearman; p_value = a.pValue; permutations = a.permutations; exact = a.exact
            mean_jaccard = a.meanJaccard; pairs = a.n; note = a.note
        }
    }
    struct StepJSON: Encodable { let step: Int, sparsity: Double, groups: [String: GroupJSON] }
    struct ClassJSON: Encodable { let name: String, synset: String, steps: [[String: GroupJSON]] }
    struct StageJSON: Encodable { let stage: String, steps: [Int], mean_spearman: [String: Double?]}
    struct Output: Encodable {
        let run: String, subnetworks: [String], synsets: [String], wordnet: [[Double]]
        let steps: [StepJSON], per_class: [ClassJSON]
        @Null var per_class_note: String?
        let stages: [StageJSON]
    }

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let overrides = try wordnet.loadOverrides()
        let history = try SimilarityHistory(store: db, run: r, phases: SimilarityHistory.pruningPhases)
        let rep = try SemanticAlignment.analyse(history: history, wordnet: try wordnet.database(), preset: wordnet.chosenPreset, overrides: overrides)
        if json {
            return try printJSON(Output(
                run: rep.run, subnetworks: rep.subnetworks, synsets: rep.synsets, wordnet: rep.wordnet,
                steps: rep.steps.map { StepJSON(step: $0.step, sparsity: $0.sparsity, groups: $0.groups.mapValues(GroupJSON.init)) },
                per_class: rep.perClass.map { ClassJSON(name: $0.name, synset: $0.synset, steps: $0.steps.map { $0.mapValues(GroupJSON.init) }) },
                per_class_note: rep.perClassNote,
                stages: rep.stages.map { StageJSON(stage: $0.stage, steps: $0.steps, mean_spearman: $0.meanSpearman) }))
        }
        print("run \(rep.run): " + zip(rep.subnetworks, rep.synsets).map { "\($0) → \($1)" }.joined(separator: ", ") + "\n")
        let scopes = SemanticAlignment.scopes
        func cell(_ a: Alignment?) -> String {
            guard let a else { return "-" }
            guard let rho = a.spearman, let p = a.pValue else { return "n/a" }
            return "\(fixed(rho, 2)) (p \(p < 0.001 ? "<.001" : fixed(p, 3))\(a.exact == true ? " exact" : ""))"
        }
        print("Spearman rho (WordNet vs mask Jaccard) per step and scope; p: one-sided Mantel permutation test:")
        print(table([["step", "sparsity"] + scopes] + rep.steps.map { s in
            ["\(s.step)", fixed(s.sparsity, 3)] + scopes.map { cell(s.groups[$0]) }
        }))
        print("\nmean rho by stage:")
        print(table([["stage", "steps"] + scopes] + rep.stages.map { st in
            [st.stage, "\(st.steps.count)"] + scopes.map { sc in (st.meanSpearman[sc] ?? nil).map { fixed($0, 2) } ?? "-" }
        }))
        if !rep.perClass.isEmpty {
            print("\nper-class rho at the last step (global; n = \(rep.subnetworks.count - 1) other classes, permutation p):")
            print(table(rep.perClass.map { [$0.name, $0.synset, cell($0.steps.last?["global"])] }))
        } else if let note = rep.perClassNote {
            print("\n\(note)")
        }
        let undefined = Set(rep.steps.flatMap { $0.groups.values.compactMap(\.note) })
        if !undefined.isEmpty { print("\nn/a: " + undefined.sorted().joined(separator: "; ")) }
    }
}
