import Foundation

/// A correlation coefficient with its two-sided p-value, as SciPy reports it.
public struct Correlation: Equatable, Sendable {
    /// The coefficient in [−1, 1]: Pearson's r or Spearman's ρ.
    public let coefficient: Double
    /// The two-sided p-value for "no correlation", from Student's t distribution with n − 2
    /// degrees of freedom (t = r √((n − 2) / (1 − r²))); exactly 0 when |r| = 1.
    public let pValue: Double
    /// The number of paired observations.
    public let n: Int

    /// A correlation with the given coefficient, p-value and sample size.
    public init(coefficient: Double, pValue: Double, n: Int) {
        self.coefficient = coefficient
        self.pValue = pValue
        self.n = n
    }
}

/// Pearson's product-moment correlation of `x` and `y` with its two-sided p-value, as
/// `scipy.stats.pearsonr(x, y)`.
///
/// - Throws: ``StatisticsError`` when the lengths differ, a value is NaN or infinite, there are fewer
///   than 3 pairs (the p-value is undefined), or either sample is constant.
public func pearson(_ x: [Double], _ y: [Double]) throws -> Correlation {
    try validatePairs(x, y)
    return correlation(x, y)
}

/// Spearman's rank-order correlation ρ of `x` and `y` with its two-sided p-value, as
/// `scipy.stats.spearmanr(x, y)`: Pearson's r of the average ranks (see ``ranks(_:)``), with the
/// p-value from the t statistic on n − 2 degrees of freedom.
///
/// - Throws: ``StatisticsError`` when the lengths differ, a value is NaN or infinite, there are fewer
///   than 3 pairs (the p-value is undefined), or either sample is constant.
public func spearman(_ x: [Double], _ y: [Double]) throws -> Correlation {
    try validatePairs(x, y)
    return correlation(try ranks(x), try ranks(y))
}

/// Rejects input for which a correlation or its p-value is undefined.
private func validatePairs(_ x: [Double], _ y: [Double]) throws {
    guard x.count == y.count else {
        throw StatisticsError.lengthMismatch(xCount: x.count, yCount: y.count)
    }
    for (name, values) in [("x", x), ("y", y)] {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFinite(variable: name, index: index)
        }
    }
    guard x.count >= 3 else {
        throw StatisticsError.tooFewObservations(count: x.count, minimum: 3)
    }
    for (name, values) in [("x", x), ("y", y)] where values.allSatisfy({ $0 == values[0] }) {
        throw StatisticsError.constantInput(variable: name)
    }
}

/// Pearson's r of validated samples and its p-value.
///
/// Centres each sample, scales it to unit length and takes the dot product, clipped to [−1, 1].
private func correlation(_ x: [Double], _ y: [Double]) -> Correlation {
    let unitX = unitDeviations(x)
    let unitY = unitDeviations(y)
    var r = 0.0
    for index in unitX.indices {
        r += unitX[index] * unitY[index]
    }
    r = min(1, max(-1, r))
    let degreesOfFreedom = Double(x.count - 2)
    let pValue: Double
    if abs(r) == 1 {
        pValue = 0
    } else {
        let t = r * (degreesOfFreedom / ((r + 1) * (1 - r))).squareRoot()
        pValue = studentTTwoSidedPValue(t: t, degreesOfFreedom: degreesOfFreedom)
    }
    return Correlation(coefficient: r, pValue: pValue, n: x.count)
}

/// Deviations from the mean of a non-constant sample, divided by their Euclidean norm.
///
/// The sample is first divided by its largest magnitude, so neither the mean nor the norm can overflow
/// for finite values near `Double.greatestFiniteMagnitude`; r does not depend on that scale.
private func unitDeviations(_ values: [Double]) -> [Double] {
    let largest = values.reduce(0) { max($0, abs($1)) }
    let scaled = values.map { $0 / largest }
    let mean = scaled.reduce(0, +) / Double(scaled.count)
    let deviations = scaled.map { $0 - mean }
    let norm = deviations.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return deviations.map { $0 / norm }
}
