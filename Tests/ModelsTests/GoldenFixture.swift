import Foundation
import NN
import TensorFiles

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
