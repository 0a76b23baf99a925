import Foundation

/// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, and labels with just the decimals the
/// step needs.
public enum NiceTicks {
    /// The mantissas of nice steps, in increasing order.
    private static let mantissas: [Double] = [1, 2, 2.5, 5]

    /// The smallest nice step that is at least `raw` (for example 0.13 → 0.2, 0.21 → 0.25, 3 → 5, 7 → 10).
    /// Non-positive or non-finite input gives 1.
    public static func step(atLeast raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, floor(log10(raw)))
        for mantissa in mantissas + [10] where mantissa * power >= raw * (1 - 1e-9) {
            return mantissa * power
        }
        return 10 * power
    }

    /// The next nice step after `step` (0.2 → 0.25, 0.25 → 0.5, 0.5 → 1).
    public static func step(after step: Double) -> Double {
        let (mantissa, power) = decompose(step)
        if let next = mantissas.first(where: { $0 > mantissa + 1e-9 }) { return next * power }
        return 10 * power
    }

    /// The multiples of `step` that lie in `range`, with a tolerance of a millionth of a step at the ends;
    /// empty when there would be more than 10 000 of them.
    public static func values(in range: ClosedRange<Double>, step: Double) -> [Double] {
        let first = (range.lowerBound / step - 1e-6).rounded(.up)
        let last = (range.upperBound / step + 1e-6).rounded(.down)
        guard step > 0, first.isFinite, last.isFinite, first <= last, last - first <= 10_000,
              abs(first) < 1e15, abs(last) < 1e15 else { return [] }
        return (Int(first)...Int(last)).map { Double($0) * step }
    }

    /// `range` widened outward to the nearest multiples of `step`; ends within a millionth of a step of a
    /// multiple stay there.
    public static func expanded(_ range: ClosedRange<Double>, step: Double) -> ClosedRange<Double> {
        let lower = (range.lowerBound / step + 1e-6).rounded(.down) * step
        let upper = (range.upperBound / step - 1e-6).rounded(.up) * step
        return lower...upper
    }

    /// Labels for tick `values` spaced by `step`, all with the same number of decimals (enough for the
    /// step: 0.25 → 2, 0.2 → 1, 5 → 0), negatives with a true minus sign "−", and no "−0".
    public static func labels(for values: [Double], step: Double) -> [String] {
        let (mantissa, power) = decompose(step)
        let decimals = max(0, -Int(log10(power).rounded())) + (mantissa == 2.5 ? 1 : 0)
        return values.map { label($0, decimals: decimals) }
    }

    /// One value with `decimals` decimals.
    static func label(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") {
            text.removeFirst()
            if text.contains(where: { $0 != "0" && $0 != "." }) { text = "\u{2212}" + text }
        }
        return text
    }

    /// A nice step as (mantissa in 1, 2, 2.5, 5; power of ten).
    private static func decompose(_ step: Double) -> (Double, Double) {
        guard step.isFinite, step > 0 else { return (1, 1) }
        var power = pow(10, floor(log10(step) + 1e-9))
        var mantissa = step / power
        if mantissa >= 10 - 1e-9 {
            power *= 10
            mantissa /= 10
        }
        let nearest = mantissas.min(by: { abs($0 - mantissa) < abs($1 - mantissa) }) ?? 1
        return (nearest, power)
    }
}
