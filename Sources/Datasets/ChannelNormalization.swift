/// Per-channel normalisation `(pixel / 255 − mean[c]) / std[c]`.
public struct ChannelNormalization: Equatable, Sendable {
    /// Mean of each channel on the 0…1 scale.
    public let mean: [Float]
    /// Standard deviation of each channel on the 0…1 scale.
    public let std: [Float]

    /// A normalisation with the given statistics (three channels, std > 0).
    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == 3 && std.count == 3 && std.allSatisfy { $0 > 0 }, "need 3 means and 3 positive stds")
        self.mean = mean
        self.std = std
    }

    /// The usual CIFAR-10 training-set statistics.
    public static let cifar10 = ChannelNormalization(mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616])
    /// The usual CIFAR-100 training-set statistics.
    public static let cifar100 = ChannelNormalization(mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762])

    /// The mean and (population) standard deviation of each channel over `indices` of `images` (all if nil).
    public static func measured(on images: LabeledImages, indices: [Int]? = nil) -> ChannelNormalization {
        var sum = [Double](repeating: 0, count: 3), squares = sum
        let chosen = indices ?? Array(0..<images.count)
        for index in chosen {
            let base = index * CIFAR.pixelBytes
            for channel in 0..<3 {
                var s = 0.0, q = 0.0
                for i in (base + channel * 1024)..<(base + (channel + 1) * 1024) {
                    let v = Double(images.pixels[i]) / 255
                    s += v
                    q += v * v
                }
                sum[channel] += s
                squares[channel] += q
            }
        }
        let n = Double(max(chosen.count, 1) * 1024)
        let mean = sum.map { $0 / n }
        let std = zip(squares, mean).map { max(($0 / n - $1 * $1), 1e-12).squareRoot() }
        return ChannelNormalization(mean: mean.map(Float.init), std: std.map(Float.init))
    }
}
