import NN
import Testing

@Suite("ParameterRegistry, masks and training steps")
struct RegistryTests {
    private func model() -> Sequential {
        var generator = SeededGenerator(seed: 3)
        return Sequential([
            Conv2d(name: "conv", inChannels: 2, outChannels: 3, kernel: 3, padding: 1, generator: &generator),
            BatchNorm2d(name: "bn", channels: 3, fusedReLU: true),
            GlobalAveragePool(), Flatten(),
            Linear(name: "fc", inFeatures: 3, outFeatures: 2, generator: &generator),
        ])
    }

    @Test("depth order, roles, counts, lookup")
    func registry() throws {
        let registry = try ParameterRegistry(model().parameters)
        #expect(registry.all.map(\.name) == ["conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
                                             "fc.weight", "fc.bias"])
        #expect(registry.prunable.map(\.name) == ["conv.weight"])
        #expect(registry.prunableCount == 54)
        #expect(registry.trainableCount == 54 + 6 + 8)
        #expect(registry["bn.running_var"]?.role == .statistic)
        #expect(registry["missing"] == nil)
    }

    @Test("kept counts, removing masks, independent copies")
    func masks() throws {
        let registry = try ParameterRegistry(model().parameters)
        let weight = registry["conv.weight"]!
        #expect(weight.keptCount == 54)
        try weight.setMask((0..<54).map { $0 < 10 })
        #expect(weight.keptCount == 10 && weight.mask != nil)
        registry.removeMasks()
        #expect(weight.mask == nil && weight.keptCount == 54)
        let copy = weight.value.copy()
        copy[0] += 1
        #expect(copy[0] != weight.value[0])
    }

    @Test("duplicate names and bad masks are typed errors")
    func errors() {
        let a = Parameter(name: "w", shape: [2], role: .prunable), b = Parameter(name: "w", shape: [2], role: .dense)
        #expect(throws: NNError.duplicateParameter("w")) { try ParameterRegistry([a, b]) }
        #expect(throws: NNError.self) { try a.setMask([true]) }
        #expect(throws: NNError.self) { try b.setMask([true, false]) }
    }

    @Test("snapshot and load restore every value, including running statistics")
    func snapshot() throws {
        let network = model()
        let registry = try ParameterRegistry(network.parameters)
        let theta0 = registry.snapshot()
        let trainer = try Trainer(model: network, learningRate: 0.1)
        try trainer.trainStep(input: randomTensor([4, 2, 4, 4], seed: 4)) {
            try SoftmaxCrossEntropy.evaluate(logits: $0, labels: [0, 1, 1, 0])
        }
        #expect(registry.snapshot() != theta0)
        try registry.load(theta0)
        #expect(registry.snapshot() == theta0)
        #expect(throws: NNError.self) { try registry.load(["conv.weight": [1]]) }
    }

    @Test("training lowers the loss and pruned weights never move")
    func training() throws {
        let network = model()
        let trainer = try Trainer(model: network, learningRate: 0.05)
        let weight = trainer.registry["conv.weight"]!
        let keep = (0..<54).map { $0 % 2 == 0 }
        try weight.setMask(keep)
        let before = weight.value.values
        let input = randomTensor([8, 2, 4, 4], seed: 5), labels = [0, 1, 0, 1, 1, 0, 1, 0]
        var losses: [Double] = []
        for _ in 0..<30 {
            losses.append(try trainer.trainStep(input: input) { try SoftmaxCrossEntropy.evaluate(logits: $0, labels: labels) })
        }
        #expect(losses.last! < losses.first!)
        for i in 0..<54 where !keep[i] { #expect(weight.value[i] == before[i]) }
        #expect(trainer.step == 30)
    }

    @Test("a non-finite loss is an error naming the step")
    func nonFinite() throws {
        let trainer = try Trainer(model: model(), learningRate: 0.1)
        let input = randomTensor([2, 2, 4, 4], seed: 6)
        try trainer.trainStep(input: input) { try SoftmaxCrossEntropy.evaluate(logits: $0, labels: [0, 1]) }
        input[0] = .nan
        let error = #expect(throws: NNError.self) {
            try trainer.trainStep(input: input) { try SoftmaxCrossEntropy.evaluate(logits: $0, labels: [0, 1]) }
        }
        #expect(error?.description == "loss is nan at training step 2")
        #expect(trainer.step == 1)
    }
}
