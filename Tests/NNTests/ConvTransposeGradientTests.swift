import NN
import Testing

@Suite("ConvTranspose2d (finite differences, direct reference, adjointness)")
struct ConvTransposeGradientTests {
    private func tconv(_ inChannels: Int, _ outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Size2D = 0,
                       outputPadding: Size2D = 0, groups: Int = 1, bias: Bool = false) -> ConvTranspose2d {
        var generator = SeededGenerator(seed: 17)
        return ConvTranspose2d(name: "t", inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                               padding: padding, outputPadding: outputPadding, groups: groups, bias: bias,
                               generator: &generator)
    }

    /// Direct scatter: y[n][o][iy·sh − ph + ky][ix·sw − pw + kx] += x[n][c][iy][ix] · w[c][o′][ky][kx].
    private func reference(_ layer: ConvTranspose2d, _ x: Tensor) -> (shape: [Int], values: [Double]) {
        let n = x.shape[0], h = x.shape[2], w = x.shape[3]
        let size = layer.outputSize(inputHeight: h, inputWidth: w)
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        let inGroup = layer.inChannels / layer.groups, outGroup = layer.outChannels / layer.groups
        var y = [Double](repeating: 0, count: n * layer.outChannels * size.height * size.width)
        for b in 0..<n {
            for c in 0..<layer.inChannels {
                let g = c / inGroup
                for iy in 0..<h {
                    for ix in 0..<w {
                        let value = Double(x[((b * layer.inChannels + c) * h + iy) * w + ix])
                        for j in 0..<outGroup {
                            let o = g * outGroup + j
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let oy = iy * layer.stride.height - layer.padding.height + ky
                                    let ox = ix * layer.stride.width - layer.padding.width + kx
                                    guard oy >= 0, oy < size.height, ox >= 0, ox < size.width else { continue }
                                    let weight = Double(layer.weight.value[((c * outGroup + j) * kh + ky) * kw + kx])
                                    y[((b * layer.outChannels + o) * size.height + oy) * size.width + ox] += value * weight
                                }
                            }
                        }
                    }
                }
            }
        }
        if let bias = layer.bias {
            let plane = size.height * size.width
            for i in y.indices { y[i] += Double(bias.value[(i / plane) % layer.outChannels]) }
        }
        return ([n, layer.outChannels, size.height, size.width], y)
    }

    @Test("forward matches a direct scatter (rectangular kernel, stride (1, 2), padding, output padding, bias, groups)",
          arguments: [1, 2])
    func forwardValues(groups: Int) {
        let layer = tconv(4, 6, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2),
                          outputPadding: Size2D(0, 1), groups: groups, bias: true)
        #expect(layer.weight.shape == [4, 6 / groups, 3, 5])
        let x = randomTensor([3, 4, 5, 6], seed: 50)
        let y = layer.forward(x, mode: .inference)
        let expected = reference(layer, x)
        #expect(y.shape == expected.shape)
        #expect(y.shape == [3, 6, 5, 12])
        #expect(relativeError(y.values.map(Double.init), expected.values) < 1e-6)
    }

    @Test("forward matches a direct scatter when padding crops more than the kernel overhang (stride 3)")
    func largePadding() {
        let layer = tconv(2, 3, kernel: Size2D(2, 3), stride: Size2D(3, 2), padding: Size2D(2, 1), outputPadding: Size2D(2, 0),
                          bias: true)
        let x = randomTensor([2, 2, 4, 3], seed: 51)
        let y = layer.forward(x, mode: .inference)
        let expected = reference(layer, x)
        #expect(y.shape == expected.shape)
        #expect(relativeError(y.values.map(Double.init), expected.values) < 1e-6)
    }

    @Test("adjoint of Conv2d: ⟨conv(u), x⟩ = ⟨u, tconv(x)⟩ with the same weight tensor")
    func adjoint() {
        var generator = SeededGenerator(seed: 52)
        let conv = Conv2d(name: "c", inChannels: 3, outChannels: 4, kernel: Size2D(3, 5), stride: Size2D(1, 2),
                          padding: Size2D(1, 2), generator: &generator)
        let transposed = tconv(4, 3, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2), outputPadding: Size2D(0, 1))
        transposed.weight.value.assign(conv.weight.value)  // both [4, 3, 3, 5]
        let u = randomTensor([2, 3, 7, 10], seed: 53)
        let x = randomTensor([2, 4, 7, 5], seed: 54)
        let cu = conv.forward(u, mode: .inference)
        #expect(cu.shape == x.shape)
        let tx = transposed.forward(x, mode: .inference)
        #expect(tx.shape == u.shape)
        let left = zip(cu.values, x.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(u.values, tx.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) < 1e-4 * max(abs(left), 1))
    }

    @Test("gradients: 3×5 kernel, stride (1, 2), padding (1, 2), output padding (0, 1), bias")
    func rectangular() {
        checkGradients(tconv(3, 4, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2),
                                          outputPadding: Size2D(0, 1), bias: true),
                                    input: randomTensor([2, 3, 4, 5], seed: 55))
    }

    @Test("gradients: 3×3 stride 2 padding 1 output padding 1, no bias; 2 groups; 1×1 stride 1")
    func otherShapes() {
        checkGradients(tconv(2, 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1), input: randomTensor([3, 2, 3, 4], seed: 56))
        checkGradients(tconv(4, 6, kernel: Size2D(3, 3), stride: Size2D(2, 1), padding: 1, groups: 2, bias: true),
                       input: randomTensor([2, 4, 3, 4], seed: 57))
        checkGradients(tconv(3, 2, kernel: 1, bias: true), input: randomTensor([2, 3, 3, 3], seed: 58))
    }

    @Test("masked weight: zero gradient where pruned, output independent of pruned values")
    func masked() throws {
        let layer = tconv(3, 4, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2), outputPadding: Size2D(0, 1),
                          bias: true)
        #expect(layer.weight.isPrunable)
        let keep = (0..<layer.weight.value.count).map { $0 % 3 != 1 }
        try layer.weight.setMask(keep)
        let input = randomTensor([2, 3, 4, 5], seed: 59)
        checkGradients(layer, input: input)
        for (i, kept) in keep.enumerated() where !kept { #expect(layer.weight.gradient[i] == 0) }
        let before = layer.forward(input, mode: .inference).values
        for (i, kept) in keep.enumerated() where !kept { layer.weight.value[i] = 100 }
        #expect(layer.forward(input, mode: .inference).values == before)
        var generator = SeededGenerator(seed: 1)
        let dense = ConvTranspose2d(name: "d", inChannels: 2, outChannels: 2, kernel: 3, prunable: false, generator: &generator)
        #expect(dense.weight.role == .dense)
        #expect(throws: NNError.self) { try dense.weight.setMask(Array(repeating: true, count: 36)) }
    }

    @Test("requested output size picks the output padding (as PyTorch's output_size)")
    func outputSize() {
        let layer = tconv(2, 2, kernel: 3, stride: Size2D(1, 2), padding: 1, bias: true)
        let x = randomTensor([2, 2, 5, 4], seed: 60)
        #expect(layer.forward(x, mode: .inference).shape == [2, 2, 5, 7])
        let y = layer.forward(x, outputSize: Size2D(5, 8), mode: .training)
        #expect(y.shape == [2, 2, 5, 8])
        let padded = tconv(2, 2, kernel: 3, stride: Size2D(1, 2), padding: 1, outputPadding: Size2D(0, 1), bias: true)
        #expect(relativeError(padded.forward(x, mode: .inference).values.map(Double.init), y.values.map(Double.init)) < 1e-7)
        #expect(layer.backward(randomTensor([2, 2, 5, 8], seed: 61)).shape == [2, 2, 5, 4])
    }

    @Test("default initialisation: U(−1/√fanIn, 1/√fanIn) with fanIn = out·kh·kw")
    func initialisation() {
        let layer = tconv(48, 2, kernel: Size2D(3, 5), bias: true)
        let bound = 1 / Float(2 * 15).squareRoot()
        let values = layer.weight.value.values + layer.bias!.value.values
        #expect(values.allSatisfy { abs($0) <= bound })
        #expect(values.map(abs).max()! > 0.9 * bound)
    }

    @Test("one thread and two threads agree (uneven chunks)")
    func threadCounts() {
        let layer = tconv(4, 3, kernel: Size2D(3, 5), stride: Size2D(1, 2), padding: Size2D(1, 2), outputPadding: Size2D(0, 1),
                          bias: true)
        let input = randomTensor([5, 4, 6, 6], seed: 62)
        func run(_ threads: Int) -> ([Float], [Float], [Float], [Float]) {
            Threading.withThreadCount(threads) {
                layer.weight.gradient.zero()
                layer.bias!.gradient.zero()
                let y = layer.forward(input, mode: .training)
                let dx = layer.backward(randomTensor(y.shape, seed: 63)).values
                return (y.values, dx, layer.weight.gradient.values, layer.bias!.gradient.values)
            }
        }
        let one = run(1), two = run(2)
        #expect(relativeError(one.0.map(Double.init), two.0.map(Double.init)) < 1e-6)
        #expect(relativeError(one.1.map(Double.init), two.1.map(Double.init)) < 1e-6)
        #expect(relativeError(one.2.map(Double.init), two.2.map(Double.init)) < 1e-6)
        #expect(relativeError(one.3.map(Double.init), two.3.map(Double.init)) < 1e-6)
    }

    @Test("without input gradient: parameter gradients only")
    func noInputGradient() {
        let layer = tconv(2, 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1, bias: true)
        layer.computesInputGradient = false
        let y = layer.forward(randomTensor([2, 2, 3, 3], seed: 64), mode: .training)
        #expect(layer.backward(randomTensor(y.shape, seed: 65)).count == 0)
        #expect(layer.weight.gradient.values.contains { $0 != 0 })
    }
}
