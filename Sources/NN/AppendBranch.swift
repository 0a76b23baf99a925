/// The input followed, along the channel axis, by `branch(input)`, keeping the first `keptChannels`
/// channels: `cat([x, branch(x)], 1)[:, :keptChannels]` (the Ghost module's concatenation). The branch
/// must keep the spatial size.
public final class AppendBranch: Layer {
    /// The layer whose output is appended.
    public let branch: Layer
    /// Channels kept from the concatenation.
    public let keptChannels: Int

    private var output: Tensor?
    private var branchGradient: Tensor?
    private var inputGradient: Tensor?
    private var inputChannels = 0
    private var appendedChannels = 0

    /// Appends `branch(x)` to `x` and keeps `keptChannels` channels.
    public init(branch: Layer, keptChannels: Int) {
        self.branch = branch
        self.keptChannels = keptChannels
    }

    public var parameters: [Parameter] { branch.parameters }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let appended = branch.forward(input, mode: mode)
        inputChannels = input.shape[1]
        appendedChannels = appended.shape[1]
        precondition(appended.shape[0] == input.shape[0] && appended.shape.dropFirst(2) == input.shape.dropFirst(2),
                     "AppendBranch: branch gives \(appended.shape) for input \(input.shape)")
        precondition(keptChannels >= inputChannels && keptChannels <= inputChannels + appended.shape[1],
                     "AppendBranch: cannot keep \(keptChannels) of \(inputChannels)+\(appended.shape[1]) channels")
        var shape = input.shape
        shape[1] = keptChannels
        let output = Tensor.reuse(self.output, shape: shape)
        self.output = output
        ChannelOps.copyChannels(from: input, 0..<inputChannels, to: output, at: 0, accumulate: false)
        ChannelOps.copyChannels(from: appended, 0..<(keptChannels - inputChannels), to: output, at: inputChannels,
                                accumulate: false)
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let output else { preconditionFailure("AppendBranch: backward without forward") }
        var shape = output.shape
        shape[1] = appendedChannels
        let appendedGradient = Tensor.reuse(branchGradient, shape: shape)
        branchGradient = appendedGradient
        if shape[1] > keptChannels - inputChannels { appendedGradient.zero() }
        ChannelOps.copyChannels(from: outputGradient, inputChannels..<keptChannels, to: appendedGradient, at: 0,
                                accumulate: false)
        let throughBranch = branch.backward(appendedGradient)
        shape[1] = inputChannels
        let dx = Tensor.reuse(inputGradient, shape: shape)
        inputGradient = dx
        dx.assign(throughBranch)
        ChannelOps.copyChannels(from: outputGradient, 0..<inputChannels, to: dx, at: 0, accumulate: true)
        return dx
    }
}
