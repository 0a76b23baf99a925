import Testing
@testable import Diagnostics

@Suite struct BinaryMetricsTests {
    @Test func matchesHandCountedValues() {
        // 3 positives (2 found), 5 negatives (1 false alarm).
        let actual: [Bool] = [true, true, true, false, false, false, false, false]
        let predicted: [Bool] = [true, true, false, true, false, false, false, false]
        let m = BinaryMetrics(predicted: predicted, actual: actual)
        #expect(m.truePositives == 2 && m.falseNegatives == 1 && m.falsePositives == 1 && m.trueNegatives == 4)
        #expect(abs(m.recall - 2.0 / 3.0) < 1e-15)
        #expect(abs(m.precision - 2.0 / 3.0) < 1e-15)
        #expect(abs(m.balancedAccuracy - (2.0 / 3.0 + 4.0 / 5.0) / 2) < 1e-15)
    }

    @Test func degenerateCasesAreZeroNotNaN() {
        let none = BinaryMetrics(predicted: [false, false], actual: [true, false])
        #expect(none.precision == 0 && none.recall == 0 && none.balancedAccuracy == 0.5)
        let empty = BinaryMetrics(predicted: [], actual: [])
        #expect(empty.balancedAccuracy == 0 && !empty.precision.isNaN)
    }
}
