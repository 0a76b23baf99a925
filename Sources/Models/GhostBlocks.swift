import NN

/// Builders for the parts of GhostNet (Han et al., 2020) used by `GhostNetLite`, named like the
/// reference PyTorch modules so parameter names match its `state_dict`.
enum GhostBlocks {
    /// Ghost module: a 1×1 primary convolution to ⌈out/2⌉ channels, then a cheap 3×3 depthwise
    /// convolution of those, concatenated and cut to `outChannels`; batch norm (and ReLU if `relu`)
    /// after each convolution.
    static func ghostModule(name: String, inChannels: Int, outChannels: Int, relu: Bool,
                            initialization: Initialization, generator: inout SeededGenerator) -> Layer {
        let initial = (outChannels + 1) / 2
        let primary = Conv2d(name: name + ".primary.0", inChannels: inChannels, outChannels: initial, kernel: 1,
                             initialization: initialization, generator: &generator)
        let primaryNorm = BatchNorm2d(name: name + ".primary.1", channels: initial, fusedReLU: relu)
        let cheap = Conv2d(name: name + ".cheap.0", inChannels: initial, outChannels: initial, kernel: 3, padding: 1,
                           groups: initial, initialization: initialization, generator: &generator)
        let cheapNorm = BatchNorm2d(name: name + ".cheap.1", channels: initial, fusedReLU: relu)
        return Sequential([primary, primaryNorm,
                           AppendBranch(branch: Sequential([cheap, cheapNorm]), keptChannels: outChannels)])
    }

    /// Ghost bottleneck: ghost module (ReLU) → [depthwise k×k stride s + BN if s > 1] → [SE] → ghost
    /// module (no ReLU), plus a shortcut: identity when shapes match, else depthwise k×k stride s + BN
    /// + 1×1 convolution + BN.
    static func bottleneck(name: String, inChannels: Int, midChannels: Int, outChannels: Int, kernel: Int, stride: Int,
                           seRatio: Double, initialization: Initialization, generator: inout SeededGenerator) -> Layer {
        var body: [Layer] = [ghostModule(name: name + ".g1", inChannels: inChannels, outChannels: midChannels, relu: true,
                                         initialization: initialization, generator: &generator)]
        let pad = Size2D(integerLiteral: (kernel - 1) / 2)
        if stride > 1 {
            body.append(Conv2d(name: name + ".dw.0", inChannels: midChannels, outChannels: midChannels,
                               kernel: Size2D(integerLiteral: kernel), stride: Size2D(integerLiteral: stride), padding: pad,
                               groups: midChannels, initialization: initialization, generator: &generator))
            body.append(BatchNorm2d(name: name + ".dw.1", channels: midChannels))
        }
        if seRatio > 0 {
            body.append(SqueezeExcitation(name: name + ".se", channels: midChannels,
                                          reducedChannels: makeDivisible(Double(midChannels) * seRatio),
                                          initialization: initialization, generator: &generator))
        }
        body.append(ghostModule(name: name + ".g2", inChannels: midChannels, outChannels: outChannels, relu: false,
                                initialization: initialization, generator: &generator))
        guard inChannels != outChannels || stride != 1 else { return Residual(body: Sequential(body)) }
        let shortcut = Sequential([
            Conv2d(name: name + ".short.0", inChannels: inChannels, outChannels: inChannels,
                   kernel: Size2D(integerLiteral: kernel), stride: Size2D(integerLiteral: stride), padding: pad,
                   groups: inChannels, initialization: initialization, generator: &generator),
            BatchNorm2d(name: name + ".short.1", channels: inChannels),
            Conv2d(name: name + ".short.2", inChannels: inChannels, outChannels: outChannels, kernel: 1,
                   initialization: initialization, generator: &generator),
            BatchNorm2d(name: name + ".short.3", channels: outChannels),
        ])
        return Residual(body: Sequential(body), shortcut: shortcut)
    }

    /// GhostNet's `_make_divisible(v, 4)`: the nearest multiple of 4 (at least 4), rounded up once more
    /// if rounding lost over 10 %.
    static func makeDivisible(_ value: Double, divisor: Int = 4) -> Int {
        var rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * value { rounded += divisor }
        return rounded
    }
}
