import MaskKit
import NN

/// Saving, restoring and masking a model's parameters between subnetworks.
public struct ModelState {
    /// The model's parameters.
    public let registry: ParameterRegistry
    /// The layout of the registry's prunable weights, in depth order.
    public let layout: MaskLayout

    /// The state of the model of `registry`; throws when its prunable weights do not make a valid layout.
    public init(registry: ParameterRegistry) throws {
        self.registry = registry
        layout = try MaskLayout(registry.prunable.map { MaskLayout.Entry(name: $0.name, shape: $0.shape) })
    }

    /// Values of the given parameters.
    public func capture(_ parameters: [Parameter]) -> [[Float]] { parameters.map(\.value.values) }

    /// Writes values back into the given parameters.
    public func restore(_ values: [[Float]], into parameters: [Parameter]) {
        for (p, v) in zip(parameters, values) { v.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: v.count) } }
    }

    /// A mask converted once into one 0/1 tensor per prunable parameter, for applying it before
    /// every batch (joint retraining switches masks between subnetworks constantly).
    public struct PreparedMask {
        let tensors: [Tensor]
    }

    /// Applies a mask to the prunable parameters (forward uses w ⊙ m, gradients and Adam skip pruned weights).
    public func apply(_ mask: Mask) throws { try apply(prepare(mask)) }

    /// Applies a mask made by ``prepare(_:)``; no conversion, no allocation.
    public func apply(_ prepared: PreparedMask) throws {
        for (p, tensor) in zip(registry.prunable, prepared.tensors) { try p.setMask(tensor) }
    }

    /// The mask as one 0/1 tensor per prunable parameter, read word by word.
    public func prepare(_ mask: Mask) -> PreparedMask {
        PreparedMask(tensors: layout.tensors.indices.map { t in
            let words = mask.words(tensor: t)
            let tensor = Tensor(shape: registry.prunable[t].shape)
            for e in 0..<layout.tensors[t].count where words[words.startIndex + e / 64] >> UInt64(e % 64) & 1 == 1 { tensor.pointer[e] = 1 }
            return tensor
        })
    }

    /// The prunable weights, per tensor, for magnitude pruning.
    public func prunableWeights() -> [[Float]] { registry.prunable.map(\.value.values) }
}
