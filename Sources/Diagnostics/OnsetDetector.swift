import Foundation

/// A change of slope or level found in a curve over sparsity steps.
public struct Onset: Sendable, Equatable, Codable {
    /// Which way the curve bends at the onset.
    public enum Direction: String, Sendable, Codable {
        /// The curve bends upward: a fall turns into a rise, a flat curve starts rising, a fall stops.
        case rise
        /// The curve bends downward: it starts falling, or falls faster.
        case fall
    }

    /// Index of the first changed point (the point after the breakpoint).
    public let index: Int
    /// The sparsity of that point: the onset sparsity.
    public let x: Double
    /// The sparsity of the breakpoint: the last point still on the line before the change.
    public let fromX: Double
    /// Which way the curve bends.
    public let direction: Direction
    /// Signed departure of the fitted curve from the continuation of the line before the onset,
    /// at its largest (curve units).
    public let size: Double
    /// Slope of the fit before and right after the breakpoint, per unit of ``axis``.
    public let slopeBefore: Double
    /// Slope of the fit right after the breakpoint, per unit of ``axis``.
    public let slopeAfter: Double
    /// How much better the segmented fit is than the best smooth one (BIC difference).
    public let evidence: Double
    /// Points after the breakpoint.
    public let pointsAfter: Int
    /// Enough later points to rule out an outlier at the end of the curve (``OnsetDetector/confirmation``);
    /// otherwise the onset is provisional and may go away as steps are added.
    public let confirmed: Bool
    /// The axis the curve was read on.
    public let axis: SparsityAxis

    /// The same onset at another position of a longer step list.
    func at(index newIndex: Int) -> Onset {
        Onset(index: newIndex, x: x, fromX: fromX, direction: direction, size: size, slopeBefore: slopeBefore, slopeAfter: slopeAfter,
              evidence: evidence, pointsAfter: pointsAfter, confirmed: confirmed, axis: axis)
    }
}

/// Finds where a curve over sparsity steps changes slope or level (docs/collapse.md explains the
/// method and how well it does on a labelled corpus).
///
/// The curve is read on a ``SparsityAxis`` (by default the one on which the steps are evenly
/// spaced) and fitted by continuous piecewise-linear (segmented) regressions with one or two
/// breakpoints at steps, and by smooth alternatives: a line, a quadratic, a cubic and — when given —
/// an increasing affine function of a `baseline` curve (the chance level of random masks for raw
/// Jaccard, so that masks with no shared structure never fire). Models are compared by BIC with the noise level
/// estimated from the curve itself (residuals of local linear interpolation, robustly, floored at
/// `noiseFloor` times the curve's range). An onset is the first breakpoint of the best segmented
/// fit when that fit beats the best smooth one by `evidence` (and the cubic by `cubicEvidence`),
/// differs from every smooth fit by at least `minEffect` somewhere, and departs from the
/// continuation of the line before it by at least `minSize` and `minFraction` of the curve's range.
/// A turn from falling to rising, a ramp, a jump, a steep fall and a fall that stops are all onsets.
public struct OnsetDetector: Sendable, Equatable {
    /// BIC advantage the segmented fit needs over the best of line, quadratic and baseline.
    public var evidence: Double
    /// BIC advantage the segmented fit needs over a cubic (curves of 8 points or more).
    public var cubicEvidence: Double
    /// Smallest largest difference between the segmented fit and each smooth fit (curve units).
    public var minEffect: Double
    /// Smallest departure from the continuation of the line before the onset (curve units).
    public var minSize: Double
    /// Smallest departure as a fraction of the curve's range (max − min).
    public var minFraction: Double
    /// Lower bound of the noise level, as a fraction of the curve's range.
    public var noiseFloor: Double
    /// Points after the breakpoint that make an onset confirmed.
    public var confirmation: Int
    /// Only report onsets bending this way (nil: either).
    public var direction: Onset.Direction?
    /// The axis to read curves on (nil: ``SparsityAxis/auto(for:)`` of each curve's sparsities).
    public var axis: SparsityAxis?

    /// Curves with fewer points have no onset.
    public static let minimumPoints = 4

    /// A detector; the defaults are the ones measured in docs/collapse.md.
    public init(evidence: Double = 8, cubicEvidence: Double = 2, minEffect: Double = 0.015, minSize: Double = 0.05,
                minFraction: Double = 0.25, noiseFloor: Double = 0.01, confirmation: Int = 3,
                direction: Onset.Direction? = nil, axis: SparsityAxis? = nil) {
        self.evidence = evidence; self.cubicEvidence = cubicEvidence; self.minEffect = minEffect; self.minSize = minSize
        self.minFraction = minFraction; self.noiseFloor = noiseFloor; self.confirmation = confirmation
        self.direction = direction; self.axis = axis
    }

    /// Why a curve of `count` points cannot have an onset, or nil when it can.
    public static func tooShort(_ count: Int) -> String? {
        count >= minimumPoints ? nil : "\(count) step\(count == 1 ? "" : "s"): an onset needs at least \(minimumPoints)"
    }

    /// The first change of `y` over sparsities `x` (same length, increasing), or nil.
    /// `baseline` (same length) is a curve the smooth alternatives may follow. Curves of fewer than
    /// ``minimumPoints`` points, with non-finite values or with x not increasing have no onset.
    public func detect(x: [Double], y: [Double], baseline: [Double]? = nil) -> Onset? {
        precondition(x.count == y.count, "x and y differ in length")
        let n = y.count
        guard n >= Self.minimumPoints, y.allSatisfy(\.isFinite), x.allSatisfy(\.isFinite) else { return nil }
        let axis = self.axis ?? .auto(for: x)
        let u = x.map(axis.coordinate)
        let span = u[n - 1] - u[0]
        guard span > 0, zip(u.dropFirst(), u).allSatisfy({ $0 > $1 }) else { return nil }
        let t = u.map { ($0 - u[0]) / span }
        let range = y.max()! - y.min()!
        let sigma = max(localNoise(t, y), noiseFloor * range, 1e-9)
        let logN = Foundation.log(Double(n))
        func bic(_ fitted: [Double], parameters: Int) -> Double {
            LeastSquares.rss(y, fitted) / (sigma * sigma) + Double(parameters) * logN
        }
        let one = [Double](repeating: 1, count: n)

        var smooth: [(bic: Double, fit: [Double])] = []
        let line = LeastSquares.fit([one, t], y)
        smooth.append((bic(line, parameters: 2), line))
        if n >= 5 {
            let quadratic = LeastSquares.fit([one, t, t.map { $0 * $0 }], y)
            smooth.append((bic(quadratic, parameters: 3), quadratic))
        }
        // The baseline alternative follows the chance curve upward only: raw Jaccard of structureless
        // masks falls with chance; a fit against it (which would rise as chance falls) is no smooth null.
        if let baseline, baseline.count == n, baseline.allSatisfy(\.isFinite), covariance(baseline, y) > 0 {
            let follow = LeastSquares.fit([one, baseline], y)
            smooth.append((bic(follow, parameters: 2), follow))
        }
        let bestSmooth = smooth.min { $0.bic < $1.bic }!
        var cubic: (bic: Double, fit: [Double])?
        if n >= 8 {
            let fit = LeastSquares.fit([one, t, t.map { $0 * $0 }, t.map { $0 * $0 * $0 }], y)
            cubic = (bic(fit, parameters: 4), fit)
        }

        // The best segmented fit: one breakpoint (3 coefficients + its position) or two (4 + 2).
        // Hinge regressors (x − x_j)+, built once for both searches.
        let hinges = t.map { tj in t.map { max($0 - tj, 0) } }
        var best: (bic: Double, knots: [Int], fit: [Double])?
        for j in 1..<(n - 1) {
            let fit = LeastSquares.fit([one, t, hinges[j]], y)
            let b = bic(fit, parameters: 4)
            if best == nil || b < best!.bic { best = (b, [j], fit) }
        }
        if n >= 6 {
            for j in 1..<(n - 2) {
                for k in (j + 1)..<(n - 1) {
                    let fit = LeastSquares.fit([one, t, hinges[j], hinges[k]], y)
                    let b = bic(fit, parameters: 6)
                    if b < best!.bic { best = (b, [j, k], fit) }
                }
            }
        }
        guard let best else { return nil }
        let advantage = bestSmooth.bic - best.bic
        guard advantage >= evidence else { return nil }
        if let cubic, cubic.bic - best.bic < cubicEvidence { return nil }
        let fit = best.fit
        var effect = maxAbsDifference(fit, bestSmooth.fit)
        if let cubic { effect = min(effect, maxAbsDifference(fit, cubic.fit)) }
        guard effect >= minEffect else { return nil }

        // Slopes of the fitted segments; the onset is the first breakpoint whose slope change
        // carries at least half of the largest departure it causes by the end of the curve.
        let ends = [0] + best.knots + [n - 1]
        let slopes = zip(ends, ends.dropFirst()).map { a, b in (fit[b] - fit[a]) / (t[b] - t[a]) }
        let departures = best.knots.indices.map { i in abs(slopes[i + 1] - slopes[i]) * (1 - t[best.knots[i]]) }
        let largest = departures.max()!
        let which = departures.firstIndex { $0 >= 0.5 * largest }!
        let j = best.knots[which]
        // Departure from the continuation of the fitted line before the breakpoint.
        let before = slopes[which]
        let lineAt = { (i: Int) in fit[j] + before * (t[i] - t[j]) }
        let size = (j..<n).map { fit[$0] - lineAt($0) }.max { abs($0) < abs($1) }!
        guard abs(size) >= minSize, abs(size) >= minFraction * range else { return nil }
        let bend: Onset.Direction = size > 0 ? .rise : .fall
        guard direction == nil || direction == bend else { return nil }
        let pointsAfter = n - 1 - j
        return Onset(index: j + 1, x: x[j + 1], fromX: x[j], direction: bend, size: size,
                     slopeBefore: before / span, slopeAfter: slopes[which + 1] / span, evidence: advantage,
                     pointsAfter: pointsAfter, confirmed: pointsAfter >= confirmation, axis: axis)
    }

    /// Robust noise level: residuals of each interior point from the line through its neighbours,
    /// scaled to the noise of one point, 1.4826 × their median absolute value. Breakpoints affect
    /// only a few residuals; smooth curvature raises the estimate, which keeps smooth curves quiet.
    func localNoise(_ t: [Double], _ y: [Double]) -> Double {
        guard t.count >= 3 else { return 0 }
        let estimates = (1..<(t.count - 1)).map { i -> Double in
            let w = (t[i] - t[i - 1]) / (t[i + 1] - t[i - 1])
            let r = y[i] - ((1 - w) * y[i - 1] + w * y[i + 1])
            return abs(r) / (1 + w * w + (1 - w) * (1 - w)).squareRoot()
        }
        return 1.4826 * median(estimates)
    }

    private func covariance(_ a: [Double], _ b: [Double]) -> Double {
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        return zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
    }

    private func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
