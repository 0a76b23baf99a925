/// What a parameter is for.
public enum ParameterRole: Sendable {
    /// A weight in the pruning scope: used as `value ⊙ mask`, its gradient masked by `mask`.
    case prunable
    /// A trained parameter outside the pruning scope (biases, batch-norm affine, SE, classifier).
    case dense
    /// State updated by the forward pass, not by the optimiser (batch-norm running statistics).
    case statistic
}

/// A named tensor of a model with its gradient and, for prunable weights, an optional binary mask.
///
/// Masking rule (paper eq. 7): layers compute with `value ⊙ mask` and the gradient they accumulate is
/// multiplied by `mask`, so a pruned weight contributes nothing and receives zero gradient; `Adam`
/// leaves masked entries (and their moments) untouched. `value` itself is never changed by a mask,
/// so the same dense tensor can serve several masks in turn.
public final class Parameter: @unchecked Sendable {
    /// The PyTorch-style dotted name, e.g. `blocks.0.g1.primary.0.weight`.
    public let name: String
    /// The role in training and pruning.
    public let role: ParameterRole
    /// The dense values.
    public let value: Tensor
    /// The gradient accumulated by `backward` (zero it with `ParameterRegistry.zeroGradients`).
    public let gradient: Tensor
    /// 1 where a weight is kept, 0 where pruned; `nil` means dense. Only prunable parameters take masks.
    public private(set) var mask: Tensor?
    private var maskedValue: Tensor?

    /// A zero-filled parameter of `shape`.
    public init(name: String, shape: [Int], role: ParameterRole) {
        self.name = name
        self.role = role
        self.value = Tensor(shape: shape)
        self.gradient = Tensor(shape: shape)
    }

    /// The shape of `value`.
    public var shape: [Int] { value.shape }

    /// Whether the parameter is in the pruning scope.
    public var isPrunable: Bool { role == .prunable }

    /// Sets the mask (`true` = keep) in row-major order, or removes it with `nil`.
    /// - Throws: `NNError.maskMismatch` if the parameter is not prunable or `keep` has the wrong count.
    public func setMask(_ keep: [Bool]?) throws {
        guard let keep else {
            mask = nil
            maskedValue = nil
            return
        }
        guard isPrunable else { throw NNError.maskMismatch(parameter: name, reason: "it is not prunable") }
        guard keep.count == value.count else {
            throw NNError.maskMismatch(parameter: name, reason: "\(keep.count) mask entries for \(value.count) weights")
        }
        try setMask(Self.maskTensor(keep, shape: value.shape))
    }

    /// Sets a prepared mask tensor (1 = keep, 0 = pruned). The tensor is shared,
    /// not copied, so one prepared mask can be applied before every batch without converting it again;
    /// it must not be changed while set.
    /// - Throws: `NNError.maskMismatch` if the parameter is not prunable or the tensor has the wrong count.
    public func setMask(_ prepared: Tensor) throws {
        guard isPrunable else { throw NNError.maskMismatch(parameter: name, reason: "it is not prunable") }
        guard prepared.count == value.count else {
            throw NNError.maskMismatch(parameter: name, reason: "\(prepared.count) mask entries for \(value.count) weights")
        }
        mask = prepared
        if maskedValue == nil { maskedValue = Tensor(shape: value.shape) }
    }

    /// A mask tensor (1 = keep) of `shape` from kept-flags in row-major order (one per element).
    static func maskTensor(_ keep: [Bool], shape: [Int]) -> Tensor {
        let tensor = Tensor(shape: shape)
        for (index, kept) in keep.enumerated() where kept { tensor.pointer[index] = 1 }
        return tensor
    }

    /// The number of kept weights (all of them when unmasked).
    public var keptCount: Int {
        guard let mask else { return value.count }
        return UnsafeBufferPointer(start: mask.pointer, count: mask.count).reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    }

    /// The tensor layers compute with: `value` when dense, otherwise `value ⊙ mask` (recomputed on each
    /// call). A layer with a prunable weight calls it in `forward` and `backward`.
    public func effectiveValue() -> Tensor {
        guard let mask, let maskedValue else { return value }
        let v = value.pointer, m = mask.pointer, out = maskedValue.pointer
        for i in 0..<value.count { out[i] = v[i] * m[i] }
        return maskedValue
    }

    /// Multiplies the gradient by the mask (no-op when dense). A layer calls it after accumulating the
    /// weight's gradient in `backward`.
    public func maskGradient() {
        guard let mask else { return }
        let g = gradient.pointer, m = mask.pointer
        for i in 0..<gradient.count { g[i] *= m[i] }
    }
}
