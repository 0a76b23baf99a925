import Foundation
import Testing
@testable import Statistics

@Suite("Special functions")
struct SpecialFunctionTests {
    @Test("log-gamma matches known values", arguments: [
        (0.5, 0.5723649429247001), (1.0, 0.0), (2.0, 0.0), (3.5, 1.2009736023470743),
        (10.0, 12.801827480081469), (100.5, 361.43554046777757), (2475.0, 16861.65126999764),
    ])
    func logGammaValues(x: Double, expected: Double) {
        #expect(abs(logGamma(x) - expected) <= 1e-13 * max(1, abs(expected)))
    }

    @Test("incomplete beta: known values and symmetry")
    func incompleteBeta() {
        // I_x(1, 1) = x and I_x(a, 1) = x^a.
        #expect(abs(regularizedIncompleteBeta(a: 1, b: 1, x: 0.3, complement: 0.7) - 0.3) < 1e-15)
        #expect(abs(regularizedIncompleteBeta(a: 3, b: 1, x: 0.5, complement: 0.5) - 0.125) < 1e-15)
        let value = regularizedIncompleteBeta(a: 2.5, b: 0.5, x: 0.8, complement: 0.2)
        let mirror = regularizedIncompleteBeta(a: 0.5, b: 2.5, x: 0.2, complement: 0.8)
        #expect(abs(value + mirror - 1) < 1e-15)
        #expect(regularizedIncompleteBeta(a: 2, b: 3, x: 0, complement: 1) == 0)
        #expect(regularizedIncompleteBeta(a: 2, b: 3, x: 1, complement: 0) == 1)
    }

    @Test("Student t two-sided p-values")
    func studentT() {
        // scipy: 2 * stats.t.sf(2.0, 10) and 2 * stats.t.sf(1.0, 1) = 0.5 (Cauchy).
        #expect(abs(studentTTwoSidedPValue(t: 2.0, degreesOfFreedom: 10) - 0.07338803477074037) < 1e-14)
        #expect(abs(studentTTwoSidedPValue(t: -1.0, degreesOfFreedom: 1) - 0.5) < 1e-14)
        #expect(studentTTwoSidedPValue(t: 0, degreesOfFreedom: 5) == 1)
        #expect(studentTTwoSidedPValue(t: .infinity, degreesOfFreedom: 5) == 0)
    }
}
