import Foundation

/// Why a statistic could not be computed from the given input.
///
/// Degenerate input never crashes and never yields a silent NaN: it is reported by one of these cases,
/// each with a one-line ``description`` that says what was wrong.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The two samples have different lengths.
    case lengthMismatch(xCount: Int, yCount: Int)
    /// Fewer observations than the statistic needs (a correlation p-value needs at least 3).
    case tooFewObservations(count: Int, minimum: Int)
    /// A value is NaN or infinite; `variable` is `"x"`, `"y"` or `"values"`, `index` its position.
    case nonFinite(variable: String, index: Int)
    /// No values at all (a summary needs at least one).
    case noValues
    /// Every value of `variable` is the same, so the correlation coefficient is undefined.
    case constantInput(variable: String)

    /// A one-line explanation of the problem.
    public var description: String {
        switch self {
        case let .lengthMismatch(xCount, yCount):
            return "x and y must have the same length (x has \(xCount) values, y has \(yCount))"
        case let .tooFewObservations(count, minimum):
            return "need at least \(minimum) paired observations for a correlation and its p-value, got \(count)"
        case let .nonFinite(variable, index):
            return "\(variable)[\(index)] is NaN or infinite; statistics need finite values"
        case .noValues:
            return "no values to summarise; a mean needs at least one"
        case let .constantInput(variable):
            return "\(variable) is constant, so the correlation coefficient is undefined"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
