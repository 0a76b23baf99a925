/// An abrupt change found in a curve.
public struct Onset: Sendable, Equatable, Codable {
    /// Rise or fall.
    public enum Direction: String, Sendable, Codable { case rise, fall }

    /// Index of the first point after the change began (the first changed step).
    public let index: Int
    /// The x (sparsity) of that point: the onset sparsity.
    public let x: Double
    /// The x of the last point before the change.
    public let fromX: Double
    public let direction: Direction
    /// Total change of y across the abrupt run of steps (signed).
    public let size: Double
    /// How many times the abruptness cut the change's slope exceeds (> 1).
    public let strength: Double
}

/// Finds where a curve over sparsity steps changes abruptly (docs/collapse.md explains the method).
///
/// The curve is read as slopes between neighbouring steps, `Δy / Δx`, so a pruning schedule whose
/// sparsity steps shrink does not make a smooth curve look abrupt. A step is abrupt when its slope
/// departs from the median slope of the other steps by more than both `ratio` times their typical
/// (median absolute) slope and `threshold` times their robust spread (1.4826 × median absolute
/// deviation). The change may continue into the next `maxRunLength − 1` steps in the same
/// direction (at half that cut). It counts only if its total change of y is at least `minSize` and
/// at least `minFraction` of the curve's range, and if the level it reaches persists (the median of
/// up to three points after it differs from the median of up to three before it by at least half
/// the change), which rejects single outliers. The first such change is the onset. Smooth curves
/// (linear, exponential, polynomial, the chance level of random masks) change their slope
/// gradually, so no single step stands out from the others and nothing fires.
public struct OnsetDetector: Sendable, Equatable {
    /// Departure from the other steps' median slope, in robust spread units, that counts as abrupt.
    public var threshold: Double
    /// Departure as a multiple of the other steps' typical slope that counts as abrupt.
    public var ratio: Double
    /// Smallest total change that counts (in the curve's units).
    public var minSize: Double
    /// Smallest total change as a fraction of the curve's range (max − min).
    public var minFraction: Double
    /// Most consecutive steps one abrupt change may span.
    public var maxRunLength: Int
    /// Only report changes in this direction (nil: either).
    public var direction: Onset.Direction?

    public init(threshold: Double = 3.5, ratio: Double = 4, minSize: Double = 0.1, minFraction: Double = 0.25,
                maxRunLength: Int = 4, direction: Onset.Direction? = nil) {
        self.threshold = threshold; self.ratio = ratio; self.minSize = minSize; self.minFraction = minFraction
        self.maxRunLength = maxRunLength; self.direction = direction
    }

    /// The first abrupt change of `y` over `x` (same length, x strictly increasing), or nil.
    /// Curves of fewer than 4 points, with non-finite values or with x not increasing have no onset.
    public func detect(x: [Double], y: [Double]) -> Onset? {
        precondition(x.count == y.count, "x and y differ in length")
        guard y.count >= 4, y.allSatisfy(\.isFinite), x.allSatisfy(\.isFinite) else { return nil }
        let dy = (0..<(y.count - 1)).map { y[$0 + 1] - y[$0] }
        let dx = (0..<(x.count - 1)).map { x[$0 + 1] - x[$0] }
        guard dx.allSatisfy({ $0 > 0 }) else { return nil }
        // Steps much shorter than usual (a schedule clamped onto a target sparsity) would turn noise
        // into steep slopes: no step counts as shorter than half the median step.
        let floor = 0.5 * median(dx)
        let slope = zip(dy, dx).map { $0 / max($1, floor) }
        let range = y.max()! - y.min()!
        // A change needs two points before it: a steep first step cannot be told from a steep start.
        for i in slope.indices where i >= 1 {
            var rest = slope
            rest.remove(at: i)
            let centre = median(rest)
            let typical = median(rest.map(abs))
            let spread = 1.4826 * median(rest.map { abs($0 - centre) })
            let cut = max(ratio * typical, threshold * spread, 1e-12)
            let excess = slope[i] - centre
            guard abs(excess) > cut else { continue }
            var end = i
            while end + 1 < slope.count, end + 1 - i < maxRunLength,
                  (slope[end + 1] - centre) * excess > 0, abs(slope[end + 1] - centre) > cut / 2 { end += 1 }
            var start = i
            while start - 1 >= 1, end - (start - 1) < maxRunLength,
                  (slope[start - 1] - centre) * excess > 0, abs(slope[start - 1] - centre) > cut / 2 { start -= 1 }
            let size = dy[start...end].reduce(0, +)
            let dir: Onset.Direction = size > 0 ? .rise : .fall
            guard abs(size) >= minSize, abs(size) >= minFraction * range, direction == nil || direction == dir,
                  persists(y, before: start, after: end + 1, size: size) else { continue }
            return Onset(index: start + 1, x: x[start + 1], fromX: x[start], direction: dir, size: size, strength: abs(excess) / cut)
        }
        return nil
    }

    /// A collapse is a change of level, not an outlier or a dip that recovers: each of up to three
    /// points after the change must lie beyond the level before it (median of up to three points)
    /// by at least half the change.
    func persists(_ y: [Double], before last: Int, after first: Int, size: Double) -> Bool {
        let pre = median(Array(y[max(0, last - 2)...last]))
        let sign: Double = size > 0 ? 1 : -1
        return y[first...min(y.count - 1, first + 2)].allSatisfy { ($0 - pre) * sign >= 0.5 * abs(size) }
    }
}

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
