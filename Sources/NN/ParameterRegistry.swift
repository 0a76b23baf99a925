/// The parameters of a model in depth order (the order the model registers them, as PyTorch's
/// `named_parameters()` does), with lookup by name and the prunable subset.
///
/// Any `Layer` can be registered: the registry only sees `Parameter`s, so models other than
/// GhostNet-lite (an MLP, a U-Net) get the same masking and pruning support.
public struct ParameterRegistry: @unchecked Sendable {
    /// Every parameter, including batch-norm running statistics, in depth order.
    public let all: [Parameter]
    private let index: [String: Int]

    /// Registers `parameters` in the given (depth) order.
    /// - Throws: `NNError.duplicateParameter` if two share a name.
    public init(_ parameters: [Parameter]) throws {
        var index: [String: Int] = [:]
        for (position, parameter) in parameters.enumerated() {
            guard index.updateValue(position, forKey: parameter.name) == nil else {
                throw NNError.duplicateParameter(parameter.name)
            }
        }
        self.all = parameters
        self.index = index
    }

    /// The parameters the optimiser updates (prunable and dense).
    public var trainable: [Parameter] { all.filter { $0.role != .statistic } }

    /// The prunable weights in depth order.
    public var prunable: [Parameter] { all.filter(\.isPrunable) }

    /// The number of prunable weights.
    public var prunableCount: Int { prunable.reduce(0) { $0 + $1.value.count } }

    /// The number of trainable values.
    public var trainableCount: Int { trainable.reduce(0) { $0 + $1.value.count } }

    /// The parameter called `name`, if any.
    public subscript(name: String) -> Parameter? { index[name].map { all[$0] } }

    /// Zeroes every gradient.
    public func zeroGradients() {
        for parameter in all { parameter.gradient.zero() }
    }

    /// Removes every mask.
    public func removeMasks() {
        for parameter in prunable { try? parameter.setMask(nil) }
    }

    /// Copies values by name from `state` (name → row-major floats). Every parameter must be present
    /// with the right count; extra names are ignored.
    /// - Throws: `NNError.stateMismatch` naming the first missing or mis-sized parameter.
    public func load(_ state: [String: [Float]]) throws {
        for parameter in all {
            guard let values = state[parameter.name] else {
                throw NNError.stateMismatch(parameter: parameter.name, reason: "missing")
            }
            guard values.count == parameter.value.count else {
                throw NNError.stateMismatch(
                    parameter: parameter.name, reason: "\(values.count) values for shape \(parameter.shape)")
            }
            values.withUnsafeBufferPointer { parameter.value.pointer.update(from: $0.baseAddress!, count: values.count) }
        }
    }

    /// Every parameter's values by name (a snapshot, e.g. θ0 for resetting after pruning).
    public func snapshot() -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.value.values) })
    }
}
