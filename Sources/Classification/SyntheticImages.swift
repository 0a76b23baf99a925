import Datasets
import Foundation
import NN

/// A generated, heterogeneous 32×32 colour image dataset for demos and tests when CIFAR is not at
/// hand. Classes carry CIFAR-10's names; each has a colour, an oriented stripe pattern and a blob
/// position, and classes of one family (vehicles: airplane, automobile, ship, truck; animals: the
/// rest) share the stripe orientation, so related classes look more alike — as in real data.
public enum SyntheticImages {
    /// CIFAR-10's class names, given to the generated classes.
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    static let vehicles: Set<Int> = [0, 1, 8, 9]

    /// `perClass` images of each class, reproducible from `seed`.
    public static func generate(perClass: Int, seed: UInt64) -> LabeledImages {
        var rng = SeededGenerator(seed: seed)
        let n = perClass * classNames.count
        var pixels = [UInt8](repeating: 0, count: n * 3072)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let c = i % classNames.count
            labels[i] = c
            let vehicle = vehicles.contains(c)
            let angle = (vehicle ? 0.2 : 1.3) + 0.15 * Double(c % 3) + 0.1 * (rng.nextUnitDouble() - 0.5)
            let frequency = (vehicle ? 0.25 : 0.45) + 0.03 * Double(c % 4)
            let phase = rng.nextUnitDouble() * 6.283
            let colour = [0.3 + 0.5 * Double((c * 37) % 10) / 10, 0.3 + 0.5 * Double((c * 53) % 10) / 10, 0.3 + 0.5 * Double((c * 71) % 10) / 10]
            let bx = 8 + Double((c * 5) % 16) + 3 * (rng.nextUnitDouble() - 0.5), by = 8 + Double((c * 7) % 16) + 3 * (rng.nextUnitDouble() - 0.5)
            let (ca, sa) = (cos(angle), sin(angle))
            for y in 0..<32 {
                for x in 0..<32 {
                    let stripe = 0.5 + 0.5 * sin(frequency * (ca * Double(x) + sa * Double(y)) + phase)
                    let d2 = (Double(x) - bx) * (Double(x) - bx) + (Double(y) - by) * (Double(y) - by)
                    let blob = exp(-d2 / 40)
                    for ch in 0..<3 {
                        let v = 0.35 * stripe + 0.45 * blob * colour[ch] + 0.2 * colour[ch] + 0.12 * (rng.nextUnitDouble() - 0.5)
                        pixels[i * 3072 + ch * 1024 + y * 32 + x] = UInt8(max(0, min(255, (v * 255).rounded())))
                    }
                }
            }
        }
        return LabeledImages(pixels: pixels, labels: labels, classNames: classNames)
    }
}
