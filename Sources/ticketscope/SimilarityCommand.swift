import ArgumentParser
import MaskKit
import RunStore
import StoreJSON

struct SimilarityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Print the K×K Jaccard similarity of a run's subnetwork masks at one step.",
        discussion: """
            Jaccard |A∩B| / |A∪B| over all prunable weights (default), one layer, or a depth group \
            (shallow / middle / deep thirds of the layers by depth). Two empty masks count as identical (1). \
            The chance level — the Jaccard two independent random masks with the same densities would \
            have — is printed too, since raw Jaccard falls as masks get sparser.

            Examples:
              ticketscope similarity --run demo                      # global, last step
              ticketscope similarity --run demo --step 2 --group deep --json
              ticketscope similarity --run demo --layer features.0.weight
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("Step index (default: the last step).", valueName: "n")) var step: Int?
    @Option(help: ArgumentHelp("Restrict to one layer.", valueName: "name")) var layer: String?
    @Option(help: ArgumentHelp("Restrict to a depth group: shallow, middle or deep.", valueName: "group")) var group: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        if layer != nil && group != nil { throw UsageError("give --layer or --group, not both") }
        if let group, LayerGroup(rawValue: group) == nil { throw UsageError("--group must be shallow, middle or deep, not '\(group)'") }
    }

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let scope: SimilarityJSON.Scope = layer.map { .layer($0) } ?? group.flatMap(LayerGroup.init(rawValue:)).map { .group($0) } ?? .global
        let out: SimilarityJSON
        do { out = try SimilarityJSON(store: db, run: r, step: step, scope: scope) } catch let error as SimilarityJSON.UnknownLayer {
            throw UsageError(error.description)
        }
        let names = out.subnetworks, k = out.matrix.count, scopeName = out.scope
        if json { return try printJSON(out) }
        print("run \(r.name)  step \(out.step)  sparsity \(fixed(out.sparsity, 4))  scope \(scopeName)  (\(out.parameters) parameters)\n")
        print(table([[""] + names] + (0..<k).map { i in [names[i]] + (0..<k).map { fixed(out.matrix[i][$0]) } }, rightAlign: Set(1...k)))
        if let mean = out.mean_jaccard {
            let pairs: [Double] = (0..<k).flatMap { i -> [Double] in ((i + 1)..<k).map { j in out.chance_matrix[i][j] } }
            let chance = pairs.reduce(0, +) / Double(k * (k - 1) / 2)
            print("\nmean off-diagonal Jaccard \(fixed(mean))   chance level \(fixed(chance))")
        } else {
            print("\n(one subnetwork: no pairs to compare)")
        }
    }
}
