import Foundation

/// ELU (PyTorch `nn.ELU`): `x` for `x > 0`, `α·(exp(x) − 1)` otherwise, elementwise.
/// The derivative, 1 or `y + α`, is taken from the output (at 0 it is α, as in PyTorch). The negative
/// branch uses a vectorisable `expm1` within 1 ulp of glibc's.
public final class ELU: Layer {
    /// The saturation value for negative inputs (PyTorch default 1).
    public let alpha: Float
    private var output: Tensor?
    private var inputGradient: Tensor?

    /// An ELU with the given `alpha`.
    public init(alpha: Float = 1) {
        precondition(alpha > 0, "ELU: alpha must be positive (the backward pass reads the sign of the output)")
        self.alpha = alpha
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let output = Tensor.reuse(self.output, shape: input.shape)
        self.output = output
        let alpha = alpha
        Elementwise.forEachRange(of: input) { range in
            let x = input.pointer, y = output.pointer
            for i in range {
                let v = x[i]
                y[i] = v > 0 ? v : alpha * negativeExpm1(v)
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let output else { preconditionFailure("ELU: backward without forward") }
        precondition(outputGradient.shape == output.shape, "ELU: gradient \(outputGradient.shape) ≠ \(output.shape)")
        let dx = Tensor.reuse(inputGradient, shape: output.shape)
        inputGradient = dx
        let alpha = alpha
        Elementwise.forEachRange(of: output) { range in
            let y = output.pointer, dy = outputGradient.pointer, d = dx.pointer
            for i in range { d[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha) }
        }
        return dx
    }
}

/// tanh, elementwise (PyTorch `nn.Tanh`; within 3 ulp of `tanhf` on every float); the derivative `1 − y²` is taken from the output.
public final class Tanh: Layer {
    private var output: Tensor?
    private var inputGradient: Tensor?

    /// A tanh.
    public init() {}

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, mode: Mode) -> Tensor {
        let output = Tensor.reuse(self.output, shape: input.shape)
        self.output = output
        Elementwise.forEachRange(of: input) { range in
            let x = input.pointer, y = output.pointer
            for i in range {
                // tanh|x| = −t / (t + 2) with t = expm1(−2|x|), accurate near 0 as well.
                let t = negativeExpm1(-2 * abs(x[i]))
                let magnitude = -t / (t + 2)
                y[i] = x[i] < 0 ? -magnitude : magnitude
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let output else { preconditionFailure("Tanh: backward without forward") }
        precondition(outputGradient.shape == output.shape, "Tanh: gradient \(outputGradient.shape) ≠ \(output.shape)")
        let dx = Tensor.reuse(inputGradient, shape: output.shape)
        inputGradient = dx
        Elementwise.forEachRange(of: output) { range in
            let y = output.pointer, dy = outputGradient.pointer, d = dx.pointer
            for i in range { d[i] = dy[i] * (1 - y[i] * y[i]) }
        }
        return dx
    }
}

/// exp(x) − 1 for x ≤ 0 (larger x are clamped to 0, smaller than −87 to −87), within 1 ulp of glibc's
/// `expm1f` on every negative float (checked exhaustively), branch-free so loops over it vectorise
/// (the scalar `expm1f`, also behind `tanhf`, was a third of a U-Net training step).
/// x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite), q = expm1(r) by its degree-7 Taylor polynomial
/// (truncation < 2e-8 relative), and expm1(x) = 2ⁿ·q + (2ⁿ − 1), exact in n for n ≤ 0.
@inline(__always)
func negativeExpm1(_ x: Float) -> Float {
    let v = min(max(x, -87), 0)
    let shifted = v * 1.442_695_04 + 0x1.8p23  // 1.5·2²³ + n: n in the low mantissa bits
    let n = shifted - 0x1.8p23
    let r = (v - n * 0.693_359_375) - n * -2.121_944_4e-4
    let p = 1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040 as Float)))))
    let q = r + r * r * p
    let scale = Float(bitPattern: (shifted.bitPattern &+ 127) &<< 23)  // 2ⁿ, n ≥ −126
    return scale * q + (scale - 1)
}
