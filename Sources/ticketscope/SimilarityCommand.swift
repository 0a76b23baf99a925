import ArgumentParser
import MaskKit
import RunStore

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

    struct Output: Encodable {
        let run: String, step: Int, sparsity: Double, scope: String, parameters: Int
        let subnetworks: [String], ones: [Int], matrix: [[Double]], chance_matrix: [[Double]]
        @Null var mean_jaccard: Double?
    }

    func validate() throws {
        if layer != nil && group != nil { throw ValidationError("give --layer or --group, not both") }
        if let group, LayerGroup(rawValue: group) == nil { throw ValidationError("--group must be shallow, middle or deep, not '\(group)'") }
    }

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        let s = try db.step(of: r, index: step)
        let masks = try db.masks(of: r, step: s.index)
        let layout = masks[0].layout
        let scope: SimilarityScope
        var scopeName = "global"
        if let layer {
            guard let i = layout.tensors.firstIndex(where: { $0.name == layer }) else {
                throw ValidationError("run '\(runName)' has no layer '\(layer)' (see `ticketscope inspect --run \(runName)`)")
            }
            scope = .tensor(i); scopeName = "layer:\(layer)"
        } else if let g = group.flatMap(LayerGroup.init(rawValue:)) {
            scope = .group(g); scopeName = "group:\(g.rawValue)"
        } else { scope = .global }
        let m = try Jaccard.matrix(masks, scope: scope)
        let names = try db.subnetworks(of: r).map(\.name)
        let k = m.count
        let out = Output(run: r.name, step: s.index, sparsity: s.sparsity, scope: scopeName, parameters: m.parameterCount,
                         subnetworks: names, ones: m.ones, matrix: m.jaccard,
                         chance_matrix: (0..<k).map { i in (0..<k).map { j in i == j ? 1 : m.chanceJaccard(i, j) } },
                         mean_jaccard: m.meanOffDiagonal)
        if json { return try printJSON(out) }
        print("run \(r.name)  step \(s.index)  sparsity \(fixed(s.sparsity, 4))  scope \(scopeName)  (\(m.parameterCount) parameters)\n")
        print(table([[""] + names] + (0..<k).map { i in [names[i]] + (0..<k).map { fixed(m.jaccard(i, $0)) } }, rightAlign: Set(1...k)))
        if let mean = m.meanOffDiagonal {
            let chance = (0..<k).flatMap { i in ((i + 1)..<k).map { m.chanceJaccard(i, $0) } }.reduce(0, +) / Double(k * (k - 1) / 2)
            print("\nmean off-diagonal Jaccard \(fixed(mean))   chance level \(fixed(chance))")
        } else {
            print("\n(one subnetwork: no pairs to compare)")
        }
    }
}
