/// Two-sided p-value P(|T| ≥ |t|) of Student's t distribution with `degreesOfFreedom` ν > 0.
///
/// Equals I_{ν/(ν+t²)}(ν/2, 1/2); an infinite `t` gives 0 and `t = 0` gives 1.
func studentTTwoSidedPValue(t: Double, degreesOfFreedom: Double) -> Double {
    if t.isInfinite { return 0 }
    let squared = t * t
    let x = degreesOfFreedom / (degreesOfFreedom + squared)
    let complement = squared / (degreesOfFreedom + squared)
    return regularizedIncompleteBeta(a: degreesOfFreedom / 2, b: 0.5, x: x, complement: complement)
}
