import ArgumentParser
import Foundation
import MaskImport
import RunStore

extension RunMethod: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import masks or pruned checkpoints (.npz, .npy, .safetensors, sharded safetensors) as sparsity steps of a run.",
        discussion: """
            Each FILE is one sparsity step, stored in the order given: a tensor file, a sharded checkpoint's \
            model.safetensors.index.json, or a directory holding one. Tensor keys are '<subnetwork>/<layer>' \
            (e.g. 'cat/features.0.weight'). Or build ONE step from one checkpoint per subnetwork whose keys are \
            plain layer names: --subnetwork code=ckpt-code --subnetwork prose=ckpt-prose.

            Masks hold 0 and 1 (any dtype: bool, u8/i8/u16/i16/u32/i32/u64/i64, f16, bf16, f32, f64); with \
            --from-weights the tensors are weights and kept = weight != 0 (Wanda, SparseGPT, llm-compressor, \
            torch.nn.utils.prune output). --include / --exclude choose the layers by regular expression on \
            the layer name. PyTorch .pt/.bin pickles are not read: convert them with \
            safetensors.torch.save_file (the error says how).

            The first import of a run defines its layers and subnetworks; later imports must match them. \
            Every file is read and checked (names, shapes, every value) before anything is written, then \
            each step is written in its own transaction. A step identical to the one before it is refused \
            (a file imported twice) unless --allow-duplicate. --step N puts the files at steps N, N+1, ...; \
            an existing step is refused unless --replace. If an earlier import into the run did not finish, \
            a warning says which steps it stored.

            Layer order (it decides the shallow / middle / deep groups): a 'layers' entry in the \
            safetensors __metadata__ (comma-separated names), else --layer-order, else the names in \
            natural order (layers.2 before layers.10) for safetensors, else the file's key order. \
            Subnetwork order: --order, else metadata 'subnetworks', else order of appearance.

            Examples:
              ticketscope import --run resnet --sparsity 0.2,0.36,0.49 step1.npz step2.npz step3.npz
              ticketscope import --run minilm --from-weights --include 'dense\\.weight$' \\
                  --subnetwork code=pruned-code/ --subnetwork prose=pruned-prose/
            """
    )

    @OptionGroup var store: StoreOption

    @Option(name: .customLong("run"), help: ArgumentHelp("Name of the run to create or extend.", valueName: "name")) var runName: String

    @Option(help: ArgumentHelp("Target sparsity of each file, comma-separated, in file order (the actual sparsity is computed from the masks).", valueName: "s,s,..."))
    var sparsity: String?

    @Option(name: .customLong("layer-order"), help: ArgumentHelp("A text file listing layer names shallowest first, one per line, optionally followed by 'shallow', 'middle' or 'deep'.", valueName: "file"))
    var layerOrder: String?

    @Option(name: .customLong("subnetwork"), help: ArgumentHelp("One subnetwork's checkpoint (keys are layer names); repeat for each subnetwork, all together one step.", valueName: "NAME=PATH"))
    var subnetworks: [String] = []

    @Flag(name: .customLong("from-weights"), help: "The tensors are weights: kept = weight != 0.")
    var fromWeights = false

    @Option(help: ArgumentHelp("Only layers whose name matches this regular expression.", valueName: "regex")) var include: String?
    @Option(help: ArgumentHelp("Leave out layers whose name matches this regular expression.", valueName: "regex")) var exclude: String?

    @Option(help: ArgumentHelp("Subnetwork order of a new run, comma-separated.", valueName: "a,b,...")) var order: String?

    @Option(help: ArgumentHelp("Method of a new run: \(RunMethod.allCases.map(\.rawValue).joined(separator: ", ")). imp-multi = one independent model per subnetwork (#Params is the sum).", valueName: "method"))
    var method: RunMethod?

    @Option(help: ArgumentHelp("Store the files at steps N, N+1, ... instead of after the last step.", valueName: "N")) var step: Int?
    @Flag(help: "Replace existing steps (with --step); their metrics are dropped.") var replace = false
    @Flag(name: .customLong("allow-duplicate"), help: "Store a step even if its masks equal the step before it.") var allowDuplicate = false
    @Option(name: .customLong("lease-wait"), help: ArgumentHelp("Seconds to wait when another process is writing the same run (an import started a moment earlier).", valueName: "s"))
    var leaseWait: Double = 60

    @Argument(help: ArgumentHelp("Tensor files, index files or checkpoint directories, one per sparsity step.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if !subnetworks.isEmpty && !files.isEmpty {
            throw UsageError("give either files (keys '<subnetwork>/<layer>') or --subnetwork NAME=PATH (one step), not both")
        }
        if subnetworks.isEmpty && files.isEmpty { throw UsageError("give the files to import, or --subnetwork NAME=PATH") }
        if replace && step == nil { throw UsageError("--replace needs --step N") }
    }

    func run() throws {
        let sources: [StepSource] = subnetworks.isEmpty ? files.map { .prefixed($0) }
            : [.perSubnetwork(try subnetworks.map(SubnetworkSource.init(parsing:)))]
        var options = ImportOptions(filter: try LayerFilter(include: include, exclude: exclude))
        options.fromWeights = fromWeights
        options.layerOrder = try layerOrder.map { try LayerOrder(contentsOf: $0) }
        options.subnetworkOrder = order.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        options.method = method
        options.targetSparsities = try sparsity.map { text in
            try text.split(separator: ",").map { part -> Double in
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    throw UsageError("--sparsity: '\(part)' is not a number")
                }
                return v
            }
        }
        options.firstStep = step
        options.replace = replace
        options.allowDuplicate = allowDuplicate
        let db = try store.open(.write)
        let plan = try MaskImporter.plan(store: db, run: runName, sources: sources, options: options)
        for w in plan.warnings { printError("warning: \(w)") }
        printError("\(plan.createsRun ? "creating" : "extending") run '\(runName)': \(plan.subnetworks.count) subnetworks, \(plan.layout.tensors.count) layers, \(plan.layout.parameterCount) prunable parameters")
        try MaskImporter.write(plan, store: db, leaseWait: leaseWait, waiting: { holder in
            printError("run '\(runName)' is being written by \(holder); waiting up to \(Int(leaseWait)) s for it to finish")
        }) { step, info, dropped in
            if let info {
                let replaced = dropped.map { "  (replaced\($0 > 0 ? "; its \($0) metric values were dropped" : ""))" } ?? ""
                print("step \(info.index)  sparsity \(fixed(info.sparsity, 4))  \(step.source)\(replaced)")
            } else {
                print("step \(step.index ?? -1)  unchanged  \(step.source)")
            }
            fflush(stdout) // one line per stored step, as it is stored, even into a pipe
        }
    }
}
