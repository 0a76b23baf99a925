import Foundation
import Plots

/// Realistic, deterministic data shaped like the paper's CIFAR-10 diagnostics, shared by the render tests and
/// the previews.
enum ExampleData {
    /// The CIFAR-10 classes in label order.
    static let classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// Twelve pruning levels, denser at high sparsity as in iterative magnitude pruning.
    static let sparsity = [0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.75, 0.80, 0.85, 0.88, 0.91, 0.95]

    /// A repeatable jitter in −1…1 for class `k`, point `i`, channel `c`.
    static func jitter(_ k: Int, _ i: Int, _ c: Int) -> Double {
        var state = UInt64(k * 7919 + i * 104_729 + c * 1_299_709 + 17)
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double((state >> 33) % 2001) / 1000 - 1
    }

    /// The sparsity at which class `k` starts to collapse.
    static func onset(_ k: Int) -> Double { 0.78 + 0.08 * Double((k * 3) % 5) / 4 }

    /// Balanced accuracy of class `k`'s subnetwork: about 0.8, falling towards 0.55 after its onset; frog
    /// misses one evaluation.
    static func accuracy(_ k: Int) -> [Double?] {
        let base = [0.83, 0.90, 0.72, 0.66, 0.79, 0.73, 0.84, 0.85, 0.89, 0.87][k]
        return sparsity.enumerated().map { i, s in
            if k == 6, i == 9 { return nil }
            let collapse = 1 / (1 + exp(-(s - onset(k) - 0.04) / 0.025))
            return base - (base - 0.55) * collapse + 0.008 * jitter(k, i, 0)
        }
    }

    /// Mean mask Jaccard between class `k`'s mask and the others': about 0.3, rising to 0.8.
    static func jaccard(_ k: Int) -> [Double?] {
        sparsity.enumerated().map { i, s in
            0.3 + 0.5 * pow((s - 0.2) / 0.75, 1.6) + 0.012 * jitter(k, i, 1) + 0.02 * Double(k % 3)
        }
    }

    /// Paper Fig. 2 for class `k`: accuracy (left, solid) and mask Jaccard (right, dashed) with the onset.
    static func classChart(_ k: Int) -> TwinAxisChart {
        TwinAxisChart(
            title: classes[k], x: Axis("Sparsity"), left: Axis("Balanced accuracy"), right: Axis("Mean mask Jaccard"),
            leftSeries: [Series("Balanced accuracy", x: sparsity, y: accuracy(k))],
            rightSeries: [Series("Mean mask Jaccard", x: sparsity, y: jaccard(k))],
            markers: [VerticalMarker(x: onset(k), label: "onset")])
    }

    /// WordNet path similarity between the classes, as NLTK gives it for their first noun senses.
    static let wordnet: [[Double]] = {
        let vehicles: Set = [0, 1, 8, 9]
        let pairs: [Set<Int>: Double] = [
            [1, 9]: 0.333, [0, 1]: 0.100, [0, 8]: 0.125, [8, 9]: 0.111, [0, 9]: 0.091, [1, 8]: 0.111,
            [3, 5]: 0.200, [4, 7]: 0.143, [3, 4]: 0.125, [5, 7]: 0.125, [3, 7]: 0.125, [4, 5]: 0.125,
            [2, 3]: 0.091, [2, 5]: 0.091, [6, 2]: 0.083, [6, 3]: 0.077,
        ]
        return (0..<10).map { i in
            (0..<10).map { j in
                if i == j { return 1 }
                if let value = pairs[[i, j]] { return value }
                return vehicles.contains(i) == vehicles.contains(j) ? 0.083 : 0.059
            }
        }
    }()

    /// Mean mask Jaccard between the classes' subnetworks at sparsity 0.8.
    static let maskSimilarity: [[Double]] = (0..<10).map { i in
        (0..<10).map { j in
            i == j ? 1 : 0.42 + 0.9 * wordnet[i][j] + 0.02 * jitter(min(i, j), max(i, j), 2)
        }
    }

    /// Paper Fig. 3A–D: Spearman ρ between WordNet and mask similarity against sparsity, one panel per network,
    /// one series per pruning method.
    static func correlationCharts() -> [LineChart] {
        let methods = ["Routing (ours)", "IMP per class", "Random masks", "SNIP per class"]
        let networks = ["ResNet-20 / CIFAR-10", "VGG-16 / CIFAR-10", "ResNet-18 / CIFAR-100", "ViT-Tiny / CIFAR-100"]
        let markers: [PointMarker] = [.circle, .square, .triangle, .diamond]
        return networks.enumerated().map { n, network in
            LineChart(
                title: network, x: Axis("Sparsity"), y: Axis("Spearman ρ"),
                series: methods.enumerated().map { m, method in
                    let strength = [0.65, 0.35, 0.02, 0.25][m] - 0.05 * Double(n)
                    let y = sparsity.enumerated().map { i, s in
                        strength * (0.4 + 0.6 * (s - 0.2) / 0.75) + 0.04 * jitter(n, i, m + 3)
                    }
                    return Series(method, x: sparsity, y: y, style: SeriesStyle(marker: markers[m], lineWidth: 1.3))
                })
        }
    }

    /// Mean balanced accuracy and mask Jaccard of three seeds, one panel per run.
    static func runCharts() -> [LineChart] {
        (0..<3).map { run in
            let accuracy = sparsity.indices.map { i in
                let values = (0..<10).compactMap { accuracyShifted($0, run)[i] }
                return values.reduce(0, +) / Double(values.count)
            }
            let jaccard = sparsity.indices.map { i in (0..<10).compactMap { Self.jaccard($0)[i] }.reduce(0, +) / 10 }
            return LineChart(
                title: "Seed \(run)", x: Axis("Sparsity"), y: Axis("Mean over classes", range: 0...1),
                series: [Series("Balanced accuracy", x: sparsity, y: accuracy),
                         Series("Mask Jaccard", x: sparsity, y: jaccard.map { $0 + 0.03 * Double(run) },
                                style: SeriesStyle(dash: .dashed))])
        }
    }

    /// Class accuracies of another seed: the same curves, shifted a little.
    static func accuracyShifted(_ k: Int, _ run: Int) -> [Double?] {
        accuracy(k).enumerated().map { i, value in value.map { $0 - 0.015 * Double(run) + 0.01 * jitter(k, i, run + 9) } }
    }

    /// The CIFAR-100 fine labels in label order.
    static let cifar100 = """
        apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel can \
        castle caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur dolphin \
        elephant flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard \
        lobster man maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree pear \
        pickup_truck pine_tree plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea seal \
        shark shrew skunk skyscraper snail snake spider squirrel streetcar sunflower sweet_pepper table tank \
        telephone television tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm
        """.split(separator: " ").map { $0.replacingOccurrences(of: "_", with: " ") }

    /// A 100×100 mask similarity with blocks for the 20 superclasses, five classes each in this toy order.
    static let cifar100Similarity: [[Double]] = (0..<100).map { i in
        (0..<100).map { j in
            i == j ? 1 : 0.35 + (i % 20 == j % 20 ? 0.3 : 0) + 0.05 * jitter(min(i, j), max(i, j), 7)
        }
    }
}
