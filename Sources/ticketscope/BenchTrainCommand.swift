import ArgumentParser
import Foundation
import Models
import NN

struct TrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time training steps (forward + backward + Adam) and inference of a model on random data.",
        discussion: """
            Mirrors the PyTorch references (../shared/reference/ghostnet_lite.py for ghostnet-lite, \
            scripts/reference/resnet20.py for resnet-20): random N(0, 1) images and random labels, --warmup \
            untimed steps, then --steps timed training steps and --steps timed inference passes. \
            scripts/bench_train.sh runs the reference beside it and prints the ratio.

            Example:
              ticketscope bench train --model resnet-20 --batch 320 --threads 2 --json
            """
    )

    /// The CIFAR models this command can time.
    enum BenchModel: String, ExpressibleByArgument, CaseIterable {
        case ghostnetLite = "ghostnet-lite"
        case resnet20 = "resnet-20"

        var title: String {
            switch self {
            case .ghostnetLite: "GhostNet-lite"
            case .resnet20: "ResNet-20"
            }
        }

        func make(classes: Int) -> Layer {
            switch self {
            case .ghostnetLite: GhostNetLite(classes: classes, seed: 1)
            case .resnet20: ResNet20(classes: classes, seed: 1)
            }
        }
    }

    @Option(help: ArgumentHelp("Model to time.", valueName: "name"))
    var model: BenchModel = .ghostnetLite
    @Option(help: ArgumentHelp("Images per batch.", valueName: "n")) var batch: Int = 320
    @Option(help: ArgumentHelp("Threads (default: all cores).", valueName: "n")) var threads: Int?
    @Option(help: ArgumentHelp("Timed steps.", valueName: "n")) var steps: Int = 10
    @Option(help: ArgumentHelp("Untimed warm-up steps.", valueName: "n")) var warmup: Int = 3
    @Option(help: ArgumentHelp("Classifier outputs.", valueName: "C")) var classes: Int = 10
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let model: String, batch: Int, threads: Int, steps: Int
        let images_per_second: Double, inference_images_per_second: Double
        let seconds_per_step: Double, final_loss: Double
    }

    func run() throws {
        guard batch >= 2 else { throw UsageError("--batch must be at least 2 (batch normalisation)") }
        guard steps >= 1, warmup >= 0 else { throw UsageError("--steps must be ≥ 1 and --warmup ≥ 0") }
        guard classes >= 2 else { throw UsageError("--classes must be at least 2 (cross-entropy)") }
        try validateThreads(threads)
        if let threads {
            Threading.defaultThreadCount = threads
        }
        let network = model.make(classes: classes)
        let trainer = try Trainer(model: network, learningRate: 1e-4)
        var generator = SeededGenerator(seed: 2)
        let input = Tensor(shape: [batch, 3, 32, 32])
        for i in 0..<input.count { input[i] = Float(generator.normal()) }
        let labels = (0..<batch).map { _ in generator.below(classes) }
        let loss = { (logits: Tensor) in try SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels) }
        if !json { printError("\(model.title), batch \(batch), \(Threading.threadCount) threads: \(warmup) warm-up steps…") }
        for _ in 0..<warmup { try trainer.trainStep(input: input, loss: loss) }
        var finalLoss = 0.0
        let trainStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { finalLoss = try trainer.trainStep(input: input, loss: loss) }
        let trainSeconds = Double(DispatchTime.now().uptimeNanoseconds - trainStart) / 1e9
        let inferenceStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = network.forward(input, mode: .inference) }
        let inferenceSeconds = Double(DispatchTime.now().uptimeNanoseconds - inferenceStart) / 1e9
        let images = Double(steps * batch)
        let out = Output(model: model.rawValue, batch: batch, threads: Threading.threadCount, steps: steps,
                         images_per_second: images / trainSeconds, inference_images_per_second: images / inferenceSeconds,
                         seconds_per_step: trainSeconds / Double(steps), final_loss: finalLoss)
        if json { return try printJSON(out) }
        print("train img/s: \(fixed(out.images_per_second, 0))  (\(fixed(out.seconds_per_step * 1000, 1)) ms/step, threads=\(out.threads), batch=\(batch))")
        print("infer img/s: \(fixed(out.inference_images_per_second, 0))")
    }
}
