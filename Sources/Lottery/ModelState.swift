import MaskKit
import NN

/// Saving, restoring and masking a model's parameters between subnetworks.
public struct ModelState {
    public let registry: ParameterRegistry
    /// The layout of the registry's prunable weights, in depth order.
    public let layout: MaskLayout

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

    /// Applies a mask to the prunable parameters (forward uses w ⊙ m, gradients and Adam skip pruned weights).
    public func apply(_ mask: Mask) throws { try apply(flags: keepFlags(mask)) }

    /// Applies kept-flags made by ``keepFlags(_:)`` (convert once when one mask is applied many times).
    public func apply(flags: [[Bool]]) throws {
        for (p, keep) in zip(registry.prunable, flags) { try p.setMask(keep) }
    }

    /// A mask as one kept-flag array per prunable tensor, read word by word.
    public func keepFlags(_ mask: Mask) -> [[Bool]] {
        layout.tensors.indices.map { t in
            let words = mask.words(tensor: t)
            return (0..<layout.tensors[t].count).map { words[words.startIndex + $0 / 64] >> UInt64($0 % 64) & 1 == 1 }
        }
    }

    /// The prunable weights, per tensor, for magnitude pruning.
    public func prunableWeights() -> [[Float]] { registry.prunable.map(\.value.values) }
}
