import PruningCore

/// How a dataset's classes are grouped into the subsets that get their own subnetwork.
public struct Partition: Sendable, Equatable {
    /// Subset names, in subnetwork order.
    public let subsets: [String]
    /// Subset index of each class label (index = label).
    public let subsetOfClass: [Int]

    /// One subset per class.
    public static func byClass(_ classNames: [String]) -> Partition {
        Partition(subsets: classNames, subsetOfClass: Array(classNames.indices))
    }

    /// Subsets from a map class name → subset name; subsets are ordered by first appearance in
    /// label order. Every class must be mapped, and every subset must be non-empty.
    public static func custom(_ map: [String: String], classNames: [String]) throws -> Partition {
        let normalise = { (s: String) in s.lowercased().replacingOccurrences(of: " ", with: "_") }
        var lookup: [String: String] = [:]
        for (k, v) in map { lookup[normalise(k)] = v }
        let known = Set(classNames.map(normalise))
        if let unknown = lookup.keys.sorted().first(where: { !known.contains($0) }) {
            throw LotteryError.config("partition names class '\(unknown)', which the dataset does not have")
        }
        var subsets: [String] = [], of: [Int] = []
        for c in classNames {
            guard let s = lookup[normalise(c)] else { throw LotteryError.config("partition does not place class '\(c)' in a subset") }
            if !subsets.contains(s) { subsets.append(s) }
            of.append(subsets.firstIndex(of: s)!)
        }
        return Partition(subsets: subsets, subsetOfClass: of)
    }

    /// The paper's eight CIFAR-100 clusters (Table 5), built from CLIP text embeddings of the class
    /// names, as subsets in the table's order.
    public static func cifar100Clusters(classNames: [String]) throws -> Partition {
        var map: [String: String] = [:]
        for (cluster, classes) in cifar100ClusterTable { for c in classes { map[c] = cluster } }
        let byLabel = try custom(map, classNames: classNames)
        let order = cifar100ClusterTable.map(\.0)
        return Partition(subsets: order, subsetOfClass: byLabel.subsetOfClass.map { order.firstIndex(of: byLabel.subsets[$0])! })
    }

    static let cifar100ClusterTable: [(String, [String])] = [
        ("aquatic_animals", ["aquarium_fish", "dinosaur", "dolphin", "flatfish", "ray", "seal", "shark", "trout", "whale"]),
        ("people_and_objects", ["baby", "bed", "bicycle", "bottle", "bowl", "boy", "bridge", "can", "castle", "chair", "clock", "couch",
                                "cup", "girl", "house", "keyboard", "lamp", "man", "plain", "plate", "road", "rocket", "skyscraper",
                                "table", "telephone", "television", "wardrobe", "woman"]),
        ("mammals", ["bear", "beaver", "camel", "cattle", "chimpanzee", "elephant", "fox", "hamster", "kangaroo", "leopard", "lion",
                     "mouse", "otter", "porcupine", "possum", "rabbit", "raccoon", "shrew", "skunk", "squirrel", "tiger", "wolf"]),
        ("reptiles_and_insects", ["bee", "beetle", "butterfly", "caterpillar", "cockroach", "crab", "crocodile", "lizard", "lobster",
                                  "mushroom", "snail", "snake", "spider", "turtle", "worm"]),
        ("vehicles", ["bus", "lawn_mower", "motorcycle", "pickup_truck", "streetcar", "tank", "tractor", "train"]),
        ("natural_scenes", ["cloud", "forest", "maple_tree", "mountain", "oak_tree", "palm_tree", "pine_tree", "sea", "willow_tree"]),
        ("fruits", ["apple", "orange", "pear", "sweet_pepper"]),
        ("flowers", ["orchid", "poppy", "rose", "sunflower", "tulip"]),
    ]
}
