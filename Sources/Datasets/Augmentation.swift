import NN

/// The standard CIFAR augmentation: a random 32×32 crop of the image zero-padded by `padding` pixels
/// on each side (torchvision `RandomCrop(32, padding=4)`), then a horizontal flip with probability ½.
public struct Augmentation: Equatable, Sendable {
    /// Zero padding before cropping.
    public let padding: Int
    /// Whether to flip horizontally half the time.
    public let horizontalFlip: Bool

    /// An augmentation; defaults are the usual CIFAR ones.
    public init(padding: Int = 4, horizontalFlip: Bool = true) {
        precondition(padding >= 0 && padding < 32, "padding \(padding)")
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    /// Writes an augmented copy of the 3×32×32 `image` into `output`. Draws the vertical offset, the
    /// horizontal offset, then (if enabled) the flip from `generator`.
    func apply(_ image: ArraySlice<UInt8>, into output: inout [UInt8], generator: inout SeededGenerator) {
        let dy = generator.below(2 * padding + 1) - padding, dx = generator.below(2 * padding + 1) - padding
        let flip = horizontalFlip && generator.below(2) == 1
        let base = image.startIndex
        for channel in 0..<3 {
            for y in 0..<32 {
                let sy = y + dy
                for x in 0..<32 {
                    let sx = (flip ? 31 - x : x) + dx
                    let inside = sy >= 0 && sy < 32 && sx >= 0 && sx < 32
                    output[(channel * 32 + y) * 32 + x] = inside ? image[base + (channel * 32 + sy) * 32 + sx] : 0
                }
            }
        }
    }
}
