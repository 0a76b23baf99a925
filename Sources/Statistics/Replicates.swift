import Foundation

/// Mean, sample standard deviation and 95 % Student-t confidence interval of the mean of a few
/// replicate values (runs that differ only by their seed), or of paired differences between two
/// groups of them.
public struct ReplicateSummary: Sendable, Equatable {
    /// Number of values.
    public let n: Int
    /// Their mean.
    public let mean: Double
    /// Sample standard deviation (denominator n − 1); nil for a single value.
    public let sd: Double?
    /// Two-sided 95 % interval of the mean, mean ± t(0.975, n − 1) · sd / √n; nil for a single value.
    public let ci95: ClosedRange<Double>?

    /// Summarises `values`.
    ///
    /// - Throws: ``StatisticsError/noValues`` for no values,
    ///   ``StatisticsError/nonFinite(variable:index:)`` for NaN or infinite ones.
    public init(_ values: [Double]) throws {
        guard !values.isEmpty else { throw StatisticsError.noValues }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw StatisticsError.nonFinite(variable: "values", index: bad) }
        n = values.count
        mean = values.reduce(0, +) / Double(n)
        guard n >= 2 else { sd = nil; ci95 = nil; return }
        let m = mean
        let s = (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n - 1)).squareRoot()
        sd = s
        let half = studentTQuantile(probability: 0.975, degreesOfFreedom: Double(n - 1)) * s / Double(n).squareRoot()
        ci95 = (mean - half)...(mean + half)
    }

    /// Half the interval's width (nil for a single value).
    public var halfWidth: Double? { ci95.map { ($0.upperBound - $0.lowerBound) / 2 } }
}

/// The p-quantile of Student's t distribution with ν = `degreesOfFreedom` > 0 degrees of freedom,
/// for 0.5 ≤ p < 1: the t with P(T ≤ t) = p, found by bisection on the two-sided p-value (to the
/// last bits of a Double).
public func studentTQuantile(probability p: Double, degreesOfFreedom: Double) -> Double {
    precondition(p >= 0.5 && p < 1 && degreesOfFreedom > 0, "studentTQuantile needs 0.5 ≤ p < 1 and ν > 0")
    let twoSided = 2 * (1 - p)
    var low = 0.0, high = 1.0
    while studentTTwoSidedPValue(t: high, degreesOfFreedom: degreesOfFreedom) > twoSided { low = high; high *= 2 }
    for _ in 0..<200 {
        let mid = (low + high) / 2
        if mid == low || mid == high { break }
        if studentTTwoSidedPValue(t: mid, degreesOfFreedom: degreesOfFreedom) > twoSided { low = mid } else { high = mid }
    }
    return (low + high) / 2
}
