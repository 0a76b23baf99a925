import Foundation

/// ln Γ(x) for x > 0, to about 1e-15 relative accuracy.
///
/// Shifts x up to at least 10 with Γ(x) = Γ(x + k) / (x (x + 1) ... (x + k − 1)), then applies
/// Stirling's series with terms through x⁻¹³. Written here (rather than calling the C library's
/// `lgamma`) because that function writes the global `signgam` and so is not thread-safe.
func logGamma(_ x: Double) -> Double {
    var shifted = x
    var product = 1.0
    while shifted < 10 {
        product *= shifted
        shifted += 1
    }
    let inverse = 1 / shifted
    let inverseSquared = inverse * inverse
    // Bernoulli-number coefficients B(2k) / (2k (2k − 1)) for k = 1 ... 7.
    let coefficients: [Double] = [
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
    ]
    var series = 0.0
    for coefficient in coefficients.reversed() {
        series = series * inverseSquared + coefficient
    }
    series *= inverse
    let halfLogTwoPi = 0.918_938_533_204_672_741_78
    let stirling = (shifted - 0.5) * log(shifted) - shifted + halfLogTwoPi + series
    return stirling - log(product)
}
