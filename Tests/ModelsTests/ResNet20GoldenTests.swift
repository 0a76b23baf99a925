import Models
import NN
import Testing

/// ResNet-20 against the PyTorch reference (scripts/reference/resnet20.py, open_lth's cifar_resnet_20):
/// one training step on 4 images, in training and inference mode
/// (fixture: scripts/fixtures/make_resnet20_fixture.py).
@Suite("ResNet-20 golden test against PyTorch")
struct ResNet20GoldenTests {
    static let tolerance = 1e-5
    static func fixture() throws -> GoldenFixture { try GoldenFixture.load(resource: "resnet20_golden") }

    @Test("structure: names, shapes, depth order and counts match the reference")
    func structure() throws {
        let fixture = try Self.fixture()
        let model = ResNet20(classes: 10, seed: 1)
        #expect(model.registry.prunableCount == 270_896)
        #expect(ResNet20.prunableWeightCount(classes: 10) == 270_896)
        #expect(model.registry.prunable.map(\.name) == fixture.prunableOrder)
        #expect(fixture.prunableOrder.count == 22)
        let reference = fixture.group("param.")
        #expect(model.registry.all.count == reference.count)
        #expect(Set(model.registry.all.map(\.name)) == Set(reference.keys))
        for parameter in model.registry.all {
            #expect(parameter.shape == fixture.tensors["param." + parameter.name]?.shape, "\(parameter.name)")
        }
        #expect(model.registry.trainableCount == 272_474)
        #expect(model.registry.all.reduce(0) { $0 + $1.value.count } == 274_042)
        #expect(model.head.map(\.name) == ["fc.weight", "fc.bias"])
        #expect(model.head.allSatisfy { $0 === model.registry[$0.name] })
        #expect(model.head.map(\.isPrunable) == [true, false])
        #expect(model.registry.all.filter { $0.name.contains("shortcut") }.map(\.name).count == 2 * 5)
        #expect(!model.registry.all.contains { $0.name.hasPrefix("blocks.1.shortcut") })

        let binary = ResNet20(classes: 1, seed: 1)
        #expect(binary.registry.prunableCount == 270_256 + 64)
        #expect(binary.forward(fixture.tensor("input"), mode: .inference).shape == [4, 1])
    }

    @Test("default initialisation: kaiming-normal weights (std √(2/fan-in)), fixed by the seed")
    func initialisation() {
        let model = ResNet20(classes: 10, seed: 7)
        for name in ["blocks.8.conv2.weight", "blocks.6.conv1.weight", "fc.weight"] {
            guard let weight = model.registry[name] else {
                Issue.record("no \(name)")
                continue
            }
            let values = weight.value.values.map(Double.init), fanIn = Double(weight.value.count / weight.shape[0])
            let std = (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
            #expect(abs(std / (2 / fanIn).squareRoot() - 1) < 0.05, "\(name): std \(std)")
        }
        #expect(model.registry["fc.bias"]?.value.values.allSatisfy { $0 == 0 } == true)
        #expect(ResNet20(classes: 10, seed: 7).registry.snapshot() == model.registry.snapshot())
        #expect(ResNet20(classes: 10, seed: 8).registry.snapshot() != model.registry.snapshot())
    }

    @Test("logits, loss, gradients, running statistics, inference logits and one Adam step", arguments: [1, 2])
    func trainingStep(threads: Int) throws {
        let fixture = try Self.fixture()
        let model = ResNet20(classes: 10, seed: 1)
        try Threading.withThreadCount(threads) {
            try fixture.checkForwardAndLoss(model, tolerance: Self.tolerance)

            for parameter in model.registry.trainable {
                let error = relativeError(parameter.gradient.values, fixture.values("grad." + parameter.name))
                #expect(error < Self.tolerance, "gradient of \(parameter.name): \(error)")
            }
            fixture.checkStatisticsAndInference(model, tolerance: Self.tolerance)

            // Adam's first step is lr · g / (|g| + ε), about lr · sign(g): where |g| is at rounding level
            // (below 1e-6, a few entries in 10⁴), the sign of the update is noise in both engines and
            // only its size is checked. Everywhere else the updates must agree to 1 % of lr.
            let before = model.registry.snapshot(), learningRate: Float = 1e-3
            Adam(parameters: model.registry.trainable, learningRate: Double(learningRate)).step()
            var unresolved = 0, entries = 0
            for parameter in model.registry.trainable {
                let expected = fixture.values("adam." + parameter.name), gradient = fixture.values("grad." + parameter.name)
                guard let start = before[parameter.name] else {
                    Issue.record("no snapshot of \(parameter.name)")
                    continue
                }
                let values = parameter.value.values
                var worst: Float = 0
                for i in values.indices {
                    let ours = values[i] - start[i], theirs = expected[i] - start[i]
                    if abs(gradient[i]) > 1e-6 {
                        worst = max(worst, abs(ours - theirs))
                    } else {
                        unresolved += 1
                        #expect(abs(ours) <= learningRate * 1.0001, "Adam moved \(parameter.name)[\(i)] by \(ours)")
                    }
                }
                entries += values.count
                #expect(worst < 0.01 * learningRate, "Adam update of \(parameter.name): worst difference \(worst)")
            }
            #expect(unresolved * 1000 < entries, "\(unresolved) of \(entries) gradients below 1e-6")
        }
    }
}
