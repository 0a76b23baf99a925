import ArgumentParser
import Foundation
import Classification
import PruningCore
import RunStore

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Route the test set through a trained run's subnetworks: C-way accuracy without a context label.",
        discussion: """
            --routing argmax runs all K retrained subnetworks on every test image and predicts the subset \
            whose subnetwork is most confident (highest logit): a C-way accuracy and confusion matrix with \
            no context label at inference. --routing oracle sends each image to the subnetwork of its true \
            subset (the paper's setting) and counts how often that subnetwork claims it. \
            Uses the weights stored at joint retraining (RTL) or independent retraining (IMP multi).

            Example:
              ticketscope evaluate --run cifar10-rtl --routing argmax --data ../shared/datasets/cifar10
            """
    )
    @OptionGroup var store: StoreOption
    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "name")) var runName: String
    @Option(help: ArgumentHelp("oracle or argmax.", valueName: "mode")) var routing: Routing.Mode = .argmax
    @Option(help: ArgumentHelp("Retrained sparsity to evaluate (default: the last).", valueName: "s")) var sparsity: Double?
    @Option(help: ArgumentHelp("CIFAR directory (binary layout), for CIFAR runs.", valueName: "dir")) var data: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let db = try store.open(.read)
        let r = try db.run(named: runName)
        guard TrainConfig.Method(rawValue: r.method) != nil else {
            throw UsageError("'\(runName)' is a \(r.method) run; routing evaluation applies to classification runs (rtl, imp-single, imp-multi)\(r.runMethod?.experiment == .inr ? "; INR reconstructions are in `ticketscope report inr`" : "")")
        }
        let config = try TrainConfig(json: Data(r.configJSON.utf8), source: "stored configuration of '\(runName)'")
        let result = try Routing.evaluate(store: db, run: r, data: try TrainingData.load(config, directory: data), target: sparsity, mode: routing)
        if json { return try printJSON(result) }
        print("run \(r.name)  routing \(routing.rawValue)  sparsity \(fixed(result.targetSparsity))  \(result.images) test images")
        print("accuracy \(fixed(result.accuracy)) (chance \(fixed(1 / Double(result.subsets.count))))\n")
        if let confusion = result.confusion {
            print("confusion (rows: true subset, columns: predicted)")
            print(table([[""] + result.subsets] + confusion.enumerated().map { [result.subsets[$0.offset]] + $0.element.map(String.init) },
                        rightAlign: Set(1...result.subsets.count)))
        } else {
            print(table([["subset", "claimed by its subnetwork"]] + zip(result.subsets, result.perSubsetAccuracy).map { [$0, fixed($1)] }, rightAlign: [1]))
        }
    }
}

extension Routing.Mode: ExpressibleByArgument {}
