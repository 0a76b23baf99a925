import NN

/// Images of 3×32×32 bytes with their class labels, held in memory.
public struct LabeledImages: Sendable {
    /// Channels, height and width of every image.
    public static let imageShape = [3, 32, 32]
    /// Pixel bytes of all images, each channel-major (R plane, G plane, B plane), back to back.
    public let pixels: [UInt8]
    /// The (fine) class of each image.
    public let labels: [Int]
    /// Class names in label order.
    public let classNames: [String]
    /// The coarse class of each image (CIFAR-100), else `nil`.
    public let coarseLabels: [Int]?
    /// Coarse class names in label order (CIFAR-100), else `nil`.
    public let coarseClassNames: [String]?

    /// A set of images; `pixels` holds `labels.count` images of 3,072 bytes.
    public init(pixels: [UInt8], labels: [Int], classNames: [String], coarseLabels: [Int]? = nil,
                coarseClassNames: [String]? = nil) {
        precondition(pixels.count == labels.count * CIFAR.pixelBytes, "\(pixels.count) pixel bytes for \(labels.count) images")
        self.pixels = pixels
        self.labels = labels
        self.classNames = classNames
        self.coarseLabels = coarseLabels
        self.coarseClassNames = coarseClassNames
    }

    /// Number of images.
    public var count: Int { labels.count }

    /// The images at `indices` as a normalised `[B, 3, 32, 32]` tensor, each randomly cropped and
    /// flipped first if `augmentation` is given (drawing from `generator` in index order).
    public func batch(_ indices: [Int], normalization: ChannelNormalization, augmentation: Augmentation? = nil,
                      generator: inout SeededGenerator) -> Tensor {
        let tensor = Tensor(shape: [indices.count] + Self.imageShape)
        let scale = normalization.std.map { 1 / (255 * $0) }
        let offset = zip(normalization.mean, normalization.std).map { -$0 / $1 }
        var image = [UInt8](repeating: 0, count: CIFAR.pixelBytes)
        for (slot, index) in indices.enumerated() {
            precondition(index >= 0 && index < count, "image index \(index) outside 0..<\(count)")
            let source = index * CIFAR.pixelBytes
            if let augmentation {
                augmentation.apply(pixels[source..<(source + CIFAR.pixelBytes)], into: &image, generator: &generator)
            } else {
                image.withUnsafeMutableBufferPointer { out in
                    for i in 0..<CIFAR.pixelBytes { out[i] = pixels[source + i] }
                }
            }
            let destination = tensor.pointer + slot * CIFAR.pixelBytes
            for channel in 0..<3 {
                let a = scale[channel], b = offset[channel]
                for i in (channel * 1024)..<((channel + 1) * 1024) { destination[i] = Float(image[i]) * a + b }
            }
        }
        return tensor
    }

    /// Splits the images into training and validation indices, deterministically for a given `seed`:
    /// per class, a shuffled `validationFraction` (rounded) goes to validation. Both lists are sorted.
    public func split(validationFraction: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        precondition(validationFraction >= 0 && validationFraction <= 1, "validation fraction \(validationFraction)")
        var generator = SeededGenerator(seed: seed)
        var byClass: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() { byClass[label, default: []].append(index) }
        var train: [Int] = [], validation: [Int] = []
        for label in byClass.keys.sorted() {
            var members = byClass[label]!
            generator.shuffle(&members)
            let held = Int((Double(members.count) * validationFraction).rounded())
            validation += members[..<held]
            train += members[held...]
        }
        return (train.sorted(), validation.sorted())
    }
}
