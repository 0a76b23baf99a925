import NN
import Testing

@Suite("Conv2d gradients (finite differences)")
struct ConvolutionGradientTests {
    private func conv(_ inChannels: Int, _ outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Size2D = 0,
                      groups: Int = 1, bias: Bool = false) -> Conv2d {
        var generator = SeededGenerator(seed: 7)
        return Conv2d(name: "c", inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                      padding: padding, groups: groups, bias: bias, generator: &generator)
    }

    @Test("pointwise 1×1 with bias (sgemm path)")
    func pointwise() {
        checkGradients(conv(4, 5, kernel: 1, bias: true), input: randomTensor([3, 4, 3, 4], seed: 1))
    }

    @Test("pointwise on 1×1 planes")
    func pointwiseSinglePixel() {
        checkGradients(conv(6, 3, kernel: 1, bias: true), input: randomTensor([5, 6, 1, 1], seed: 2))
    }

    @Test("dense 3×3, stride 2, padding 1 (im2col path)")
    func denseStrided() {
        checkGradients(conv(3, 4, kernel: 3, stride: 2, padding: 1), input: randomTensor([2, 3, 7, 6], seed: 3))
    }

    @Test("rectangular 3×5 kernel, stride (1, 2), padding (1, 2), bias")
    func rectangular() {
        checkGradients(conv(2, 3, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2), bias: true),
                       input: randomTensor([2, 2, 5, 9], seed: 4))
    }

    @Test("grouped 3×3, two groups")
    func grouped() {
        checkGradients(conv(4, 6, kernel: 3, padding: 1, groups: 2), input: randomTensor([2, 4, 5, 5], seed: 5))
    }

    @Test("strided 1×1 goes through im2col")
    func stridedPointwise() {
        checkGradients(conv(3, 2, kernel: 1, stride: 2), input: randomTensor([2, 3, 5, 5], seed: 6))
    }

    @Test("depthwise 3×3, stride 1, padding 1")
    func depthwise() {
        checkGradients(conv(3, 3, kernel: 3, padding: 1, groups: 3), input: randomTensor([3, 3, 6, 5], seed: 7))
    }

    @Test("depthwise 5×5, stride 2, padding 2, with bias")
    func depthwiseStrided() {
        checkGradients(conv(2, 2, kernel: 5, stride: 2, padding: 2, groups: 2, bias: true),
                       input: randomTensor([2, 2, 8, 7], seed: 8))
    }

    @Test("depthwise on wide rows (row kernels; 20 columns = one full and one partial vector)")
    func depthwiseWide() {
        checkGradients(conv(2, 2, kernel: 3, padding: 1, groups: 2), input: randomTensor([2, 2, 4, 20], seed: 13))
        checkGradients(conv(2, 2, kernel: Size2D(3, 5), padding: Size2D(1, 2), groups: 2, bias: true),
                       input: randomTensor([3, 2, 3, 13], seed: 14))
    }

    @Test("depthwise over more than 16 images (image-interleaved kernels, a partial last group)")
    func depthwiseManyImages() {
        checkGradients(conv(2, 2, kernel: 3, stride: 2, padding: 1, groups: 2), input: randomTensor([19, 2, 4, 4], seed: 15),
                       maxEntries: 120)
    }

    @Test("masked weights: zero gradient where pruned, effective weight w ⊙ m", arguments: [1, 3])
    func masked(groups: Int) throws {
        let layer = conv(3, 3, kernel: 3, padding: 1, groups: groups)
        let keep = (0..<layer.weight.value.count).map { $0 % 3 != 1 }
        try layer.weight.setMask(keep)
        let input = randomTensor([2, 3, 5, 5], seed: 9)
        checkGradients(layer, input: input)
        for (i, kept) in keep.enumerated() where !kept { #expect(layer.weight.gradient[i] == 0) }
        // Changing a pruned weight does not change the output.
        let before = layer.forward(input, mode: .inference).values
        for (i, kept) in keep.enumerated() where !kept { layer.weight.value[i] = 100 }
        #expect(layer.forward(input, mode: .inference).values == before)
    }

    @Test("one thread and two threads agree (uneven chunks)")
    func threadCounts() {
        let input = randomTensor([5, 4, 6, 6], seed: 10)
        func run(_ threads: Int, _ layer: Conv2d) -> ([Float], [Float], [Float]) {
            Threading.withThreadCount(threads) {
                layer.weight.gradient.zero()
                let y = layer.forward(input, mode: .training).values
                let dx = layer.backward(randomTensor([5, 4, 6, 6], seed: 11)).values
                return (y, dx, layer.weight.gradient.values)
            }
        }
        for layer in [conv(4, 4, kernel: 1), conv(4, 4, kernel: 3, padding: 1), conv(4, 4, kernel: 3, padding: 1, groups: 4)] {
            let one = run(1, layer), two = run(2, layer)
            #expect(relativeError(one.0.map(Double.init), two.0.map(Double.init)) < 1e-6)
            #expect(relativeError(one.1.map(Double.init), two.1.map(Double.init)) < 1e-6)
            #expect(relativeError(one.2.map(Double.init), two.2.map(Double.init)) < 1e-6)
        }
    }

    @Test("forward matches a direct convolution")
    func forwardValues() {
        let layer = conv(2, 2, kernel: Size2D(2, 3), stride: Size2D(2, 1), padding: Size2D(1, 0), bias: true)
        let x = randomTensor([1, 2, 4, 5], seed: 12)
        let y = layer.forward(x, mode: .inference)
        #expect(y.shape == [1, 2, 3, 3])
        let w = layer.weight.value, b = layer.bias!.value
        for o in 0..<2 {
            for oy in 0..<3 {
                for ox in 0..<3 {
                    var expected = Double(b[o])
                    for c in 0..<2 {
                        for ky in 0..<2 {
                            for kx in 0..<3 {
                                let iy = oy * 2 - 1 + ky, ix = ox + kx
                                guard iy >= 0, iy < 4 else { continue }
                                expected += Double(w[((o * 2 + c) * 2 + ky) * 3 + kx]) * Double(x[(c * 4 + iy) * 5 + ix])
                            }
                        }
                    }
                    #expect(abs(Double(y[(o * 3 + oy) * 3 + ox]) - expected) < 1e-5)
                }
            }
        }
    }
}
