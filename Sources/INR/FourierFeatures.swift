import Foundation

import NN

/// Random Fourier features of pixel coordinates (Tancik et al. 2020; paper appendix C.2):
/// γ(v) = [v, sin(2π B v), cos(2π B v)] with v = (x, y) ∈ [0, 1]² at pixel centres and B a fixed
/// `frequencies × 2` matrix drawn from N(0, scale²). 16 frequencies give the paper's 34 inputs.
public struct FourierFeatures: Sendable {
    /// `frequencies × 2`, row-major.
    public let matrix: [Float]
    public let frequencies: Int

    /// Draws B from `seed`.
    public init(frequencies: Int, scale: Double, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.frequencies = frequencies
        matrix = (0..<(2 * frequencies)).map { _ in Float(scale * generator.normal()) }
    }

    /// Inputs per coordinate: 2 + 2 × frequencies.
    public var dimension: Int { 2 + 2 * frequencies }

    /// The encodings of `pixels` (row-major indices into a `width`×`height` image) as `[n, dimension]`.
    public func encode(pixels: [Int], width: Int, height: Int) -> Tensor {
        let d = dimension
        let out = Tensor(shape: [pixels.count, d])
        for (row, p) in pixels.enumerated() {
            let x = (Double(p % width) + 0.5) / Double(width), y = (Double(p / width) + 0.5) / Double(height)
            let o = out.pointer + row * d
            o[0] = Float(x); o[1] = Float(y)
            for f in 0..<frequencies {
                let angle = 2 * Double.pi * (Double(matrix[2 * f]) * x + Double(matrix[2 * f + 1]) * y)
                o[2 + f] = Float(sin(angle))
                o[2 + frequencies + f] = Float(cos(angle))
            }
        }
        return out
    }

}
