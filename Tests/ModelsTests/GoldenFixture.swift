import Foundation
import Models
import NN
import TensorFiles
import Testing

/// The PyTorch golden fixture written by scripts/fixtures/make_ghostnet_fixture.py.
struct GoldenFixture {
    let tensors: [String: (shape: [Int], values: [Float])]
    let prunableOrder: [String]

    /// The GhostNet-lite fixture.
    static func load() throws -> GoldenFixture { try load(resource: "ghostnet_lite_golden") }

    /// A float32 safetensors fixture bundled under Fixtures/ (`resource` without extension).
    static func load(resource: String) throws -> GoldenFixture {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "safetensors", subdirectory: "Fixtures") else {
            throw NNError.stateMismatch(parameter: "fixture", reason: "\(resource).safetensors not bundled")
        }
        let file = try TensorFileReader.read(path: url.path)
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        for tensor in file.tensors where tensor.dtype == .float32 {
            let values = stride(from: 0, to: tensor.data.count, by: 4).map { i in
                Float(bitPattern: UInt32(tensor.data[i]) | UInt32(tensor.data[i + 1]) << 8
                      | UInt32(tensor.data[i + 2]) << 16 | UInt32(tensor.data[i + 3]) << 24)
            }
            tensors[tensor.name] = (tensor.shape, values)
        }
        return GoldenFixture(tensors: tensors,
                             prunableOrder: (file.metadata["prunable"] ?? "").split(separator: ",").map(String.init))
    }

    /// The values of `name`; fails loudly if the fixture lacks it.
    func values(_ name: String) -> [Float] {
        guard let tensor = tensors[name] else { preconditionFailure("fixture has no tensor \(name)") }
        return tensor.values
    }

    func tensor(_ name: String) -> Tensor {
        guard let tensor = tensors[name] else { preconditionFailure("fixture has no tensor \(name)") }
        return Tensor(shape: tensor.shape, values: tensor.values)
    }

    /// Every tensor whose name starts with `prefix`, keyed by the rest of the name.
    func group(_ prefix: String) -> [String: [Float]] {
        var result: [String: [Float]] = [:]
        for (name, tensor) in tensors where name.hasPrefix(prefix) { result[String(name.dropFirst(prefix.count))] = tensor.values }
        return result
    }
}

/// Norm-wise relative error ‖a − b‖ / ‖b‖ (b the reference), in double precision.
func relativeError(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) values")
    var difference = 0.0, norm = 0.0
    for i in a.indices {
        let d = Double(a[i]) - Double(b[i])
        difference += d * d
        norm += Double(b[i]) * Double(b[i])
    }
    return difference.squareRoot() / max(norm.squareRoot(), 1e-30)
}

/// The Euclidean norm, in double precision.
func norm(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }

extension GoldenFixture {
    /// Loads the fixture's parameters into `model`, runs the training-mode forward pass on its batch
    /// and the softmax cross-entropy of its labels, and compares logits and loss with the reference
    /// (norm-wise relative error below `tolerance`); then back-propagates, leaving every gradient
    /// and running statistic for the caller to compare.
    func checkForwardAndLoss(_ model: any ImageClassifier, tolerance: Double) throws {
        try model.registry.load(group("param."))
        model.registry.zeroGradients()
        let logits = model.forward(tensor("input"), mode: .training)
        #expect(logits.shape == [4, 10])
        let logitsError = relativeError(logits.values, values("logits"))
        #expect(logitsError < tolerance, "training logits: \(logitsError)")
        let loss = try SoftmaxCrossEntropy.evaluate(logits: logits, labels: values("labels").map { Int($0) })
        let lossError = abs(loss.value - Double(values("loss")[0])) / Double(values("loss")[0])
        #expect(lossError < tolerance, "loss: \(lossError)")
        _ = model.backward(loss.gradient)
    }

    /// Compares the running statistics and the inference-mode logits of `model` with the reference.
    func checkStatisticsAndInference(_ model: any ImageClassifier, tolerance: Double) {
        for parameter in model.registry.all where parameter.role == .statistic {
            let error = relativeError(parameter.value.values, values("running." + parameter.name))
            #expect(error < tolerance, "\(parameter.name): \(error)")
        }
        let evalError = relativeError(model.forward(tensor("input"), mode: .inference).values, values("eval_logits"))
        #expect(evalError < tolerance, "inference logits: \(evalError)")
    }
}
