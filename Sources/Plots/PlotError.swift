import AtomicFile
import Foundation

/// Why a figure could not be drawn or written.
///
/// Bad input never crashes and never draws a misleading picture: it is reported by one of these cases,
/// each with a one-line ``description``. Charts are named by their title, or "chart N" (1-based) without one.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The figure has no charts.
    case noCharts
    /// The named chart has nothing to draw on one of its axes: no series, no finite value and no fixed range,
    /// or an empty matrix.
    case noData(chart: String)
    /// A series of the named chart has a different number of x and y values.
    case lengthMismatch(chart: String, series: String, xCount: Int, yCount: Int)
    /// An x value of a series, or a vertical marker's position (`series` is then "vertical markers"), is NaN or
    /// infinite; only y values may be missing.
    case nonFiniteX(chart: String, series: String, index: Int)
    /// A heatmap row has a different number of cells than the first row.
    case raggedMatrix(chart: String, row: Int, count: Int, expected: Int)
    /// A heatmap has a different number of row or column labels than rows or columns.
    case labelCountMismatch(chart: String, axis: String, labels: Int, expected: Int)
    /// A fixed axis or colour range is empty, reversed or not finite.
    case invalidRange(chart: String, lower: Double, upper: Double)
    /// The requested size or resolution is not positive and finite, or the image would exceed 32 767 pixels a side.
    case invalidSize(width: Double, height: Double, dpi: Double)
    /// The requested number of grid columns is not positive.
    case invalidColumns(Int)
    /// The font size is not positive and finite.
    case invalidFontSize(Double)
    /// The figure is too small to hold its panels together with their labels and legend.
    case figureTooSmall(width: Double, height: Double)
    /// The output path's extension is not `png`, `svg` or `pdf`.
    case unknownFormat(String)
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)
    /// Cairo reported an error while drawing or encoding.
    case cairo(String)
    /// A picture whose byte count is not width × height × 3.
    case pictureSize(width: Int, height: Int, bytes: Int)

    /// A one-line explanation of the problem.
    public var description: String {
        switch self {
        case .noCharts:
            return "the figure has no charts to draw"
        case let .noData(chart):
            return "\(chart) has nothing to draw: give it data with at least one finite value, or a fixed range"
        case let .lengthMismatch(chart, series, xCount, yCount):
            return "\(chart): series \"\(series)\" has \(xCount) x values but \(yCount) y values"
        case let .nonFiniteX(chart, series, index):
            return "\(chart): \(series) x[\(index)] is NaN or infinite; only y values may be missing"
        case let .raggedMatrix(chart, row, count, expected):
            return "\(chart): row \(row) has \(count) cells, expected \(expected) like row 0"
        case let .labelCountMismatch(chart, axis, labels, expected):
            return "\(chart) has \(labels) \(axis) labels for \(expected) \(axis)s"
        case let .invalidRange(chart, lower, upper):
            return "\(chart): range \(lower)...\(upper) must be finite with lower < upper"
        case let .invalidSize(width, height, dpi):
            return "size \(width)×\(height) pt at \(dpi) dpi is invalid: need positive sizes and at most 32767 pixels a side"
        case let .pictureSize(width, height, bytes):
            return "a \(width)×\(height) picture needs \(width * height * 3) RGB bytes, got \(bytes)"
        case let .invalidColumns(columns):
            return "a figure grid needs at least one column, got \(columns)"
        case let .invalidFontSize(size):
            return "font size \(size) pt is invalid: it must be positive and finite"
        case let .figureTooSmall(width, height):
            return "a \(width)×\(height) pt figure is too small for its panels, labels and legend"
        case let .unknownFormat(ext):
            return "unknown output format \"\(ext)\": use a .png, .svg or .pdf path or pass the format"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case let .cairo(message):
            return "cairo failed: \(message)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension PlotError {
    /// Runs a file write, turning an ``AtomicFileError`` into ``cannotWrite(path:reason:)``.
    static func writing(_ write: () throws -> Void) throws {
        do { try write() } catch let error as AtomicFileError {
            throw PlotError.cannotWrite(path: error.path, reason: error.reason)
        }
    }
}
