import Foundation

/// The axis a curve over sparsity steps is read and drawn on.
///
/// Schedules that prune a fixed fraction of the kept weights per step crowd their steps near
/// sparsity 1; on `-log10(1 − sparsity)` (the `log` axis: 1 = 90 %, 2 = 99 %) those steps are
/// evenly spaced. The onset detector reads a curve on the same axis the figures draw it on.
public enum SparsityAxis: String, Sendable, Codable, CaseIterable {
    /// Sparsity itself.
    case linear
    /// −log10(1 − sparsity).
    case log

    /// The position of a sparsity on this axis.
    public func coordinate(_ sparsity: Double) -> Double {
        switch self {
        case .linear: return sparsity
        case .log: return -log10(max(1 - sparsity, 1e-12))
        }
    }

    /// The axis on which the steps are most evenly spaced (smaller coefficient of variation of
    /// the step widths, ignoring steps shorter than half the median — a schedule clamped onto a
    /// target sparsity); `linear` for fewer than three steps.
    public static func auto(for sparsities: [Double]) -> SparsityAxis {
        guard sparsities.count >= 3 else { return .linear }
        func unevenness(_ axis: SparsityAxis) -> Double {
            let c = sparsities.map(axis.coordinate)
            let widths = zip(c.dropFirst(), c).map { $0 - $1 }
            let m = median(widths)
            let kept = widths.filter { $0 >= 0.5 * m }
            let mean = kept.reduce(0, +) / Double(kept.count)
            guard mean > 0 else { return .infinity }
            let variance = kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count)
            return variance.squareRoot() / mean
        }
        return unevenness(.log) < unevenness(.linear) ? .log : .linear
    }
}
