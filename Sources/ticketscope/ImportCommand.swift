import ArgumentParser
import Foundation
import MaskImport
import RunStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import masks trained elsewhere (.npz or .safetensors) as sparsity steps of a run.",
        discussion: """
            Each FILE is one sparsity step, stored in the order given. Tensor keys are
            '<subnetwork>/<layer>' (e.g. 'cat/features.0.weight'); dtypes bool, uint8, int8, float16 and
            float32 are read, nonzero = kept. The first import of a run defines its layers and
            subnetworks; later imports must match them. Every file is read and checked before anything
            is written, and each step is written in one transaction.

            Layer order (it decides the shallow / middle / deep groups): a 'layers' entry in the
            safetensors __metadata__ (comma-separated names), else --layer-order, else the file's key order.

            Example:
              ticketscope import --db runs.sqlite --run resnet-cifar --sparsity 0.2,0.36,0.49 step1.npz step2.npz step3.npz
            """
    )

    @OptionGroup var store: StoreOption

    @Option(name: .customLong("run"), help: ArgumentHelp("Name of the run to create or extend.", valueName: "name")) var runName: String

    @Option(help: ArgumentHelp("Target sparsity of each file, comma-separated, in file order (the actual sparsity is computed from the masks).", valueName: "s,s,..."))
    var sparsity: String?

    @Option(name: .customLong("layer-order"), help: ArgumentHelp("A text file listing layer names shallowest first, one per line, optionally followed by 'shallow', 'middle' or 'deep'.", valueName: "file"))
    var layerOrder: String?

    @Argument(help: ArgumentHelp("The .npz / .safetensors files, one per sparsity step.", valueName: "file"))
    var files: [String]

    func run() throws {
        let targets = try sparsity.map { text in
            try text.split(separator: ",").map { part -> Double in
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--sparsity: '\(part)' is not a number")
                }
                return v
            }
        }
        let order = try layerOrder.map { try LayerOrder(contentsOf: $0) }
        let db = try store.open(.write)
        let plan = try MaskImporter.plan(store: db, run: runName, files: files, targetSparsities: targets, layerOrder: order)
        for w in plan.warnings { printError("warning: \(w)") }
        printError("\(plan.createsRun ? "creating" : "extending") run '\(runName)': \(plan.subnetworks.count) subnetworks, \(plan.layout.tensors.count) layers, \(plan.layout.parameterCount) prunable parameters")
        try MaskImporter.write(plan, store: db, run: runName) { step, info in
            print("step \(info.index)  sparsity \(fixed(info.sparsity, 4))  \(step.file)")
            fflush(stdout) // one line per stored step, as it is stored, even into a pipe
        }
    }
}
