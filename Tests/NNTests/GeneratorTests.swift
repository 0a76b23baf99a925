import NN
import Testing

@Suite("SeededGenerator and initialisation")
struct GeneratorTests {
    @Test("same seed, same numbers; different seed, different numbers")
    func determinism() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test("pinned values: the sequence never changes between versions")
    func pinned() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(generator.next() == 0xBF6E_1F78_4956_452A)
    }

    @Test("uniform, normal and below have the right ranges and moments")
    func distributions() {
        var generator = SeededGenerator(seed: 1)
        let uniforms = (0..<20000).map { _ in generator.uniform(-2, 3) }
        #expect(uniforms.allSatisfy { $0 >= -2 && $0 < 3 })
        #expect(abs(uniforms.reduce(0, +) / 20000 - 0.5) < 0.05)
        let normals = (0..<20000).map { _ in generator.normal() }
        let mean = normals.reduce(0, +) / 20000
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[generator.below(7)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
        var items = Array(0..<10)
        generator.shuffle(&items)
        #expect(items.sorted() == Array(0..<10) && items != Array(0..<10))
    }

    @Test("PyTorch-default and Kaiming-normal initialisation")
    func initialisation() {
        var generator = SeededGenerator(seed: 2)
        let conv = Conv2d(name: "c", inChannels: 8, outChannels: 16, kernel: 3, bias: true, generator: &generator)
        let bound: Float = 1 / (8 * 9 as Float).squareRoot()
        #expect(conv.weight.value.values.allSatisfy { abs($0) <= bound })
        #expect(conv.bias!.value.values.allSatisfy { abs($0) <= bound })
        #expect(conv.weight.value.values.map(abs).max()! > 0.9 * bound)
        let he = Conv2d(name: "h", inChannels: 32, outChannels: 64, kernel: 3, initialization: .kaimingNormal(fanOut: true),
                        generator: &generator)
        let values = he.weight.value.values.map(Double.init)
        let variance = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
        #expect(abs(variance / (2.0 / (64 * 9)) - 1) < 0.05)
    }
}
