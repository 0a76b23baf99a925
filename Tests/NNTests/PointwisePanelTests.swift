import NN
import Testing

@Suite("1×1 convolution over several panels")
struct PointwisePanelTests {
    /// 64 → 16 channels on 8×8 planes: 8 images per panel (32K floats / (64 · 64)), so 20 images make
    /// several panels per thread.
    @Test("forward and both gradients match a direct computation", arguments: [1, 2])
    func panels(threads: Int) {
        var generator = SeededGenerator(seed: 50)
        let layer = Conv2d(name: "p", inChannels: 64, outChannels: 16, kernel: 1, generator: &generator)
        let x = randomTensor([20, 64, 8, 8], seed: 51), dy = randomTensor([20, 16, 8, 8], seed: 52)
        let (y, dx, dw) = Threading.withThreadCount(threads) {
            layer.weight.gradient.zero()
            let y = layer.forward(x, mode: .training).values
            let dx = layer.backward(dy).values
            return (y, dx, layer.weight.gradient.values)
        }
        let w = layer.weight.value
        var expectedY = [Double](repeating: 0, count: y.count), expectedDX = [Double](repeating: 0, count: dx.count)
        var expectedDW = [Double](repeating: 0, count: dw.count)
        for n in 0..<20 {
            for o in 0..<16 {
                for c in 0..<64 {
                    let weight = Double(w[o * 64 + c])
                    for p in 0..<64 {
                        let xi = (n * 64 + c) * 64 + p, yi = (n * 16 + o) * 64 + p
                        expectedY[yi] += weight * Double(x[xi])
                        expectedDX[xi] += weight * Double(dy[yi])
                        expectedDW[o * 64 + c] += Double(dy[yi]) * Double(x[xi])
                    }
                }
            }
        }
        #expect(relativeError(y.map(Double.init), expectedY) < 1e-6)
        #expect(relativeError(dx.map(Double.init), expectedDX) < 1e-6)
        #expect(relativeError(dw.map(Double.init), expectedDW) < 1e-6)
    }
}
