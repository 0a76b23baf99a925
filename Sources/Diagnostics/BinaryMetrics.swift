/// One-vs-rest classification metrics of a subnetwork (paper Table 1).
public struct BinaryMetrics: Sendable, Equatable, Codable {
    /// Positives predicted positive.
    public let truePositives: Int
    /// Negatives predicted positive.
    public let falsePositives: Int
    /// Negatives predicted negative.
    public let trueNegatives: Int
    /// Positives predicted negative.
    public let falseNegatives: Int

    /// Counts from predicted and true membership of the positive class.
    public init(predicted: [Bool], actual: [Bool]) {
        precondition(predicted.count == actual.count, "predictions and labels differ in length")
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (p, a) in zip(predicted, actual) {
            switch (p, a) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, false): tn += 1
            case (false, true): fn += 1
            }
        }
        truePositives = tp; falsePositives = fp; trueNegatives = tn; falseNegatives = fn
    }

    /// Recall (true positive rate); 0 when there are no positives.
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Specificity (true negative rate); 0 when there are no negatives.
    public var specificity: Double { ratio(trueNegatives, trueNegatives + falsePositives) }
    /// Precision; 0 when nothing is predicted positive (scikit-learn's `zero_division=0`).
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Balanced accuracy: the mean of recall and specificity.
    public var balancedAccuracy: Double { (recall + specificity) / 2 }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
