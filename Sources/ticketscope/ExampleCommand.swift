import ArgumentParser
import Foundation
import MaskKit
import TensorFiles
import Vocabulary

struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Write a small generated pruning run as .npz files (one per sparsity step) to try the tools on.",
        discussion: """
            Four subnetworks (airplane, automobile, cat, dog) over five small convolution layers, pruned \
            in eight steps from 20% to 90% sparsity. Their masks stay distinct until a planted collapse at \
            --collapse-step, where they are forced onto the same weights and their Jaccard similarity jumps. \
            metrics.csv holds made-up validation metrics for a run imported from these files: balanced \
            accuracy stays near 0.8 and falls one step after the collapse for airplane and cat, and \
            two steps after it for automobile and dog (similarity warns first).

            Example:
              ticketscope example --out example/
              ticketscope import --run example example/step*.npz
              ticketscope import-metrics --run example example/metrics.csv
            """
    )

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir")) var out: String = "example"
    @Option(name: .customLong("collapse-step"), help: ArgumentHelp("Step index (0-7) where the masks collapse.", valueName: "n")) var collapseStepOption: Int = 5
    @Flag(name: .customLong("no-collapse"), help: "Keep the masks distinct at every step (no planted collapse, metrics stay high).") var noCollapse = false

    var collapseStep: Int { noCollapse ? -1 : collapseStepOption }

    func validate() throws {
        guard (0..<Self.sparsities.count).contains(collapseStepOption) else { throw UsageError("--collapse-step must be between 0 and \(Self.sparsities.count - 1)") }
    }
    @Option(help: "Random seed.") var seed: UInt64 = 1

    static let subnetworks = ["airplane", "automobile", "cat", "dog"]
    static let sparsities = [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9]

    func run() throws {
        let layout = try MaskLayout([
            .init(name: "conv1.weight", shape: [16, 3, 3, 3]), .init(name: "conv2.weight", shape: [32, 16, 3, 3]),
            .init(name: "conv3.weight", shape: [32, 32, 1, 1]), .init(name: "conv4.weight", shape: [64, 32, 3, 3]),
            .init(name: "fc.weight", shape: [10, 64]),
        ])
        let gen = SyntheticRun(sparsities: Self.sparsities, collapseStep: collapseStep >= 0 ? collapseStep : nil)
        let steps = gen.masks(layout: layout, subnetworks: Self.subnetworks.count, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for (s, masks) in steps.enumerated() {
            var tensors: [NamedTensor] = []
            for (k, name) in Self.subnetworks.enumerated() {
                for (t, tl) in layout.tensors.enumerated() {
                    let bools = (0..<tl.count).map { masks[k].isKept(tensor: t, element: $0) }
                    tensors.append(try NamedTensor(name: "\(name)/\(tl.name)", shape: tl.shape, bools: bools))
                }
            }
            let path = (out as NSString).appendingPathComponent(String(format: "step%02d.npz", s + 1))
            try NPZWriter.write(tensors, to: path)
            print(path)
        }
        let metricsPath = (out as NSString).appendingPathComponent("metrics.csv")
        try Data(exampleMetrics().utf8).write(to: URL(fileURLWithPath: metricsPath))
        print(metricsPath)
    }

    /// Validation metrics that drop after the planted collapse (by one step for even subnetworks,
    /// two for odd ones), with a little deterministic noise.
    func exampleMetrics() -> String {
        var rng = SplitMix64(seed: seed &+ 1000)
        func jitter() -> Double { (Double(rng.next() >> 11) * 0x1p-53 - 0.5) * 0.01 }
        var lines = ["step,subnetwork,split,name,value"]
        for s in Self.sparsities.indices {
            for (k, name) in Self.subnetworks.enumerated() {
                let collapsed = collapseStep >= 0 && s >= collapseStep + 1 + k % 2
                let bacc = (collapsed ? 0.56 : 0.80 - 0.004 * Double(s)) + 0.01 * Double(k) + jitter()
                let recall = (collapsed ? 0.45 : 0.82 - 0.005 * Double(s)) + jitter()
                let precision = (collapsed ? 0.14 : 0.28 - 0.002 * Double(s)) + jitter()
                lines += [(MetricName.balancedAccuracy, bacc), (.precision, precision), (.recall, recall)].map {
                    "\(s),\(name),\(Split.validation.rawValue),\($0.0.rawValue),\(String(format: "%.4f", $0.1))"
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
