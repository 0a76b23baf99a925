import Models
import NN
import Testing

/// GhostNet-lite against the PyTorch reference: one training step on 4 images, in training and
/// inference mode (fixture: scripts/fixtures/make_ghostnet_fixture.py).
@Suite("GhostNet-lite golden test against PyTorch")
struct GhostNetGoldenTests {
    static let tolerance = 1e-4

    @Test("structure: names, shapes and depth order of the prunable weights match the reference")
    func structure() throws {
        let fixture = try GoldenFixture.load()
        let model = GhostNetLite(classes: 10, seed: 1)
        #expect(model.registry.prunableCount == 125_832)
        #expect(model.registry.prunable.map(\.name) == fixture.prunableOrder)
        let reference = fixture.group("param.")
        #expect(Set(model.registry.all.map(\.name)) == Set(reference.keys))
        for parameter in model.registry.all {
            #expect(parameter.value.count == reference[parameter.name]?.count, "\(parameter.name)")
        }
        #expect(model.registry.trainableCount == 142_822)
        #expect(model.head.map(\.name) == ["fc.weight", "fc.bias"])
        #expect(model.head.allSatisfy { $0 === model.registry[$0.name] && !$0.isPrunable })
    }

    @Test("logits, loss, gradients, running statistics, inference logits and one Adam step", arguments: [1, 2])
    func trainingStep(threads: Int) throws {
        let fixture = try GoldenFixture.load()
        let model = GhostNetLite(classes: 10, seed: 1)
        try Threading.withThreadCount(threads) {
            try fixture.checkForwardAndLoss(model, tolerance: Self.tolerance)

            // Some batch-norm biases feed, through linear layers only, into another batch norm that
            // subtracts their shift again: their exact gradient is 0 and both engines return rounding
            // noise (‖g‖ ≈ 1e-8). Those are checked in absolute terms; their Adam update (noise / (|noise| + ε))
            // is only checked to stay within the learning rate.
            var degenerate = Set<String>()
            for parameter in model.registry.trainable {
                let expected = fixture.values("grad." + parameter.name)
                if norm(expected) < 1e-6 {
                    degenerate.insert(parameter.name)
                    let difference = norm(zip(parameter.gradient.values, expected).map { $0 - $1 })
                    #expect(difference < 1e-6, "gradient of \(parameter.name) (exactly 0 in theory): ‖Δ‖ \(difference)")
                } else {
                    let error = relativeError(parameter.gradient.values, expected)
                    #expect(error < Self.tolerance, "gradient of \(parameter.name): \(error)")
                }
            }
            #expect(degenerate.count < 20)
            fixture.checkStatisticsAndInference(model, tolerance: Self.tolerance)

            let before = model.registry.snapshot()
            Adam(parameters: model.registry.trainable, learningRate: 1e-3).step()
            for parameter in model.registry.trainable {
                let expected = fixture.values("adam." + parameter.name), start = before[parameter.name]!
                let update = zip(parameter.value.values, start).map { $0 - $1 }
                guard !degenerate.contains(parameter.name) else {
                    #expect(update.allSatisfy { abs($0) <= 1.0001e-3 }, "Adam moved \(parameter.name) by more than lr")
                    continue
                }
                let error = relativeError(parameter.value.values, expected)
                #expect(error < Self.tolerance, "after Adam, \(parameter.name): \(error)")
                // The update itself (≈ lr · sign(g)) may differ only where |g| is at rounding level.
                let updateError = relativeError(update, zip(expected, start).map { $0 - $1 })
                #expect(updateError < 1e-2, "Adam update of \(parameter.name): \(updateError)")
            }
        }
    }

    @Test("binary classifier: one logit, binary cross-entropy matches PyTorch")
    func binary() throws {
        let fixture = try GoldenFixture.load()
        let model = GhostNetLite(classes: 1, seed: 2)
        #expect(model.registry.prunableCount == 125_832)
        let logits = model.forward(fixture.tensor("input"), mode: .training)
        #expect(logits.shape == [4, 1])
        let z = fixture.tensor("bce.logits")
        let result = try BinaryCrossEntropyWithLogits.evaluate(logits: z, targets: fixture.values("bce.targets"))
        #expect(abs(result.value - Double(fixture.values("bce.loss")[0])) < 1e-6)
        #expect(relativeError(result.gradient.values, fixture.values("bce.grad")) < 1e-6)
    }
}
