import Foundation

/// The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
///
/// `complement` must be 1 − x, passed separately so callers that know it exactly (such as the
/// Student t tail, where 1 − x = t² / (ν + t²)) do not lose digits to cancellation. Evaluates the
/// continued fraction of I_x(a, b) when x < (a + 1) / (a + b + 2), where it converges fast, and
/// otherwise 1 − I_{1−x}(b, a).
func regularizedIncompleteBeta(a: Double, b: Double, x: Double, complement: Double) -> Double {
    if x <= 0 { return 0 }
    if complement <= 0 { return 1 }
    let logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log(complement)
    if x < (a + 1) / (a + b + 2) {
        return exp(logFront) * betaContinuedFraction(a: a, b: b, x: x) / a
    }
    return 1 - exp(logFront) * betaContinuedFraction(a: b, b: a, x: complement) / b
}

/// The continued fraction for I_x(a, b), evaluated with the modified Lentz method.
///
/// Converges in O(√max(a, b)) terms when x < (a + 1) / (a + b + 2); the iteration cap is far beyond
/// what any sample size this package sees needs.
private func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
    let tiny = 1e-300
    let epsilon = Double.ulpOfOne
    let maximumIterations = 100_000
    func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }

    var c = 1.0
    var d = 1 / guarded(1 - (a + b) * x / (a + 1))
    var fraction = d
    for m in 1...maximumIterations {
        let m = Double(m)
        let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 / guarded(1 + even * d)
        c = guarded(1 + even / c)
        fraction *= d * c
        let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 / guarded(1 + odd * d)
        c = guarded(1 + odd / c)
        let step = d * c
        fraction *= step
        if abs(step - 1) <= epsilon { break }
    }
    return fraction
}
