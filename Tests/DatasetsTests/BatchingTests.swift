import Datasets
import NN
import Testing

@Suite("Batches, normalisation, augmentation and splits")
struct BatchingTests {
    private func images(_ count: Int, classes: Int = 3) -> LabeledImages {
        LabeledImages(pixels: (0..<count).flatMap(generatedPixels), labels: (0..<count).map { $0 % classes },
                      classNames: (0..<classes).map { "c\($0)" })
    }

    @Test("batches are normalised per channel")
    func normalisation() {
        let set = images(4)
        var generator = SeededGenerator(seed: 1)
        let batch = set.batch([2, 0], normalization: .cifar10, generator: &generator)
        #expect(batch.shape == [2, 3, 32, 32])
        let pixels = generatedPixels(2)
        for i in [0, 1023, 1024, 2047, 2048, 3071] {
            let channel = i / 1024
            let expected = (Float(pixels[i]) / 255 - ChannelNormalization.cifar10.mean[channel]) / ChannelNormalization.cifar10.std[channel]
            #expect(abs(batch[i] - expected) < 1e-5)
        }
        #expect(abs(batch[3072] - (Float(generatedPixels(0)[0]) / 255 - 0.4914) / 0.2470) < 1e-5)
    }

    @Test("measured normalisation gives zero mean and unit variance")
    func measured() {
        let set = images(3)
        let normalization = ChannelNormalization.measured(on: set)
        var generator = SeededGenerator(seed: 1)
        let batch = set.batch([0, 1, 2], normalization: normalization, generator: &generator)
        for channel in 0..<3 {
            var values: [Double] = []
            for n in 0..<3 { for i in 0..<1024 { values.append(Double(batch[n * 3072 + channel * 1024 + i])) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3)
        }
    }

    @Test("augmentation: seeded, a shifted crop with zero padding, optionally mirrored")
    func augmentation() {
        let set = images(2)
        let identity = ChannelNormalization(mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255])  // raw byte values
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        let augmentation = Augmentation()
        let first = set.batch([0, 1, 0, 1], normalization: identity, augmentation: augmentation, generator: &a)
        let again = set.batch([0, 1, 0, 1], normalization: identity, augmentation: augmentation, generator: &b)
        #expect(first.values == again.values)
        var none = SeededGenerator(seed: 5)
        let plain = set.batch([0], normalization: identity, augmentation: Augmentation(padding: 0, horizontalFlip: false),
                              generator: &none)
        #expect(plain.values == generatedPixels(0).map(Float.init))
        // Every augmented image is some shift (|d| ≤ 4) of the original, maybe mirrored, zero outside.
        let source = generatedPixels(0).map(Float.init)
        for slot in [0, 2] {
            let out = Array(first.values[(slot * 3072)..<((slot + 1) * 3072)])
            let matches = (-4...4).contains { dy in
                (-4...4).contains { dx in
                    [false, true].contains { flip in
                        (0..<3072).allSatisfy { i in
                            let c = i / 1024, y = (i / 32) % 32, x = i % 32
                            let sy = y + dy, sx = (flip ? 31 - x : x) + dx
                            let expected = sy >= 0 && sy < 32 && sx >= 0 && sx < 32 ? source[(c * 32 + sy) * 32 + sx] : 0
                            return out[i] == expected
                        }
                    }
                }
            }
            #expect(matches)
        }
    }

    @Test("train/validation split: deterministic, disjoint, complete, stratified")
    func split() {
        let set = images(30, classes: 3)
        let (train, validation) = set.split(validationFraction: 0.2, seed: 9)
        #expect(set.split(validationFraction: 0.2, seed: 9) == (train, validation))
        #expect(set.split(validationFraction: 0.2, seed: 10).validation != validation)
        #expect(Set(train).isDisjoint(with: validation) && Set(train + validation) == Set(0..<30))
        for label in 0..<3 { #expect(validation.filter { set.labels[$0] == label }.count == 2) }
    }
}
