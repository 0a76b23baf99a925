import Plots
import Testing

@Suite("Nice ticks")
struct NiceTicksTests {
    @Test("the smallest nice step at least as large", arguments: [
        (0.13, 0.2), (0.21, 0.25), (0.26, 0.5), (3, 5), (7, 10), (1, 1), (0.1, 0.1), (0.0117, 0.02), (250, 250),
        (251, 500), (0.000_42, 0.000_5),
    ])
    func stepAtLeast(raw: Double, expected: Double) {
        #expect(abs(NiceTicks.step(atLeast: raw) - expected) < expected * 1e-9)
    }

    @Test("the next nice step", arguments: [(0.2, 0.25), (0.25, 0.5), (0.5, 1), (1, 2), (5, 10), (0.1, 0.2), (25, 50)])
    func stepAfter(step: Double, expected: Double) {
        #expect(abs(NiceTicks.step(after: step) - expected) < expected * 1e-9)
    }

    @Test("degenerate input gives step 1")
    func degenerateStep() {
        #expect(NiceTicks.step(atLeast: 0) == 1)
        #expect(NiceTicks.step(atLeast: -3) == 1)
        #expect(NiceTicks.step(atLeast: .nan) == 1)
    }

    @Test("values are the multiples inside the range, ends included despite rounding")
    func values() {
        let ticks = NiceTicks.values(in: 0.2...0.95, step: 0.1)
        #expect(ticks.count == 8)
        #expect(abs(ticks[0] - 0.2) < 1e-12)
        #expect(abs(ticks[7] - 0.9) < 1e-12)
        #expect(NiceTicks.values(in: 0.3...0.7, step: 0.1).count == 5)
        #expect(NiceTicks.values(in: 0.41...0.49, step: 0.1).isEmpty)
        #expect(NiceTicks.values(in: 0...1e300, step: 1).isEmpty)
        #expect(NiceTicks.values(in: 0...1, step: 0).isEmpty)
    }

    @Test("ranges widen outward to the step")
    func expanded() {
        let range = NiceTicks.expanded(0.558...0.667, step: 0.02)
        #expect(abs(range.lowerBound - 0.54) < 1e-12)
        #expect(abs(range.upperBound - 0.68) < 1e-12)
        let exact = NiceTicks.expanded(0.2...0.8, step: 0.2)
        #expect(abs(exact.lowerBound - 0.2) < 1e-12)
        #expect(abs(exact.upperBound - 0.8) < 1e-12)
        let inexact = NiceTicks.expanded(0.3...0.7000000000000001, step: 0.1)
        #expect(abs(inexact.lowerBound - 0.3) < 1e-12)
        #expect(abs(inexact.upperBound - 0.7) < 1e-12)
    }

    @Test("labels share the step's decimals and use a true minus")
    func labels() {
        #expect(NiceTicks.labels(for: [0, 0.25, 0.5], step: 0.25) == ["0.00", "0.25", "0.50"])
        #expect(NiceTicks.labels(for: [-0.2, 0, 0.2], step: 0.2) == ["\u{2212}0.2", "0.0", "0.2"])
        #expect(NiceTicks.labels(for: [0, 5, 10], step: 5) == ["0", "5", "10"])
        #expect(NiceTicks.labels(for: [2.5, 5, 7.5], step: 2.5) == ["2.5", "5.0", "7.5"])
        #expect(NiceTicks.labels(for: [-1e-17], step: 0.1) == ["0.0"])
        #expect(NiceTicks.labels(for: [1000, 2000], step: 1000) == ["1000", "2000"])
    }
}
