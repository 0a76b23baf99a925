/// How a series is drawn.
public struct SeriesStyle: Hashable, Sendable {
    /// The line colour; `nil` takes the next colour of the figure's palette.
    public var color: Color?
    /// The dash pattern; `nil` is solid, except dashed for the right axis of a ``TwinAxisChart``.
    public var dash: Dash?
    /// The marker drawn at each point.
    public var marker: PointMarker
    /// The line width in points.
    public var lineWidth: Double

    /// A style; every part defaults to automatic or plain.
    public init(color: Color? = nil, dash: Dash? = nil, marker: PointMarker = .none, lineWidth: Double = 1.5) {
        self.color = color
        self.dash = dash
        self.marker = marker
        self.lineWidth = lineWidth
    }
}

/// A line's dash pattern.
public enum Dash: Hashable, Sendable {
    /// A continuous line.
    case solid
    /// Long dashes.
    case dashed
    /// Dots.
    case dotted
    /// Alternating dashes and dots.
    case dashDot
    /// No line: only the markers (a scatter plot; give the series a marker).
    case hidden

    /// The on/off lengths in points for a line of width `width`; empty for solid.
    func pattern(width: Double) -> [Double] {
        let unit = max(width, 0.75)
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * unit, 1.6 * unit]
        case .dotted: return [0.01, 1.65 * unit]
        case .dashDot: return [4 * unit, 1.3 * unit, 0.01, 1.3 * unit]
        case .hidden: return []
        }
    }
}

/// The symbol drawn at each data point of a series.
public enum PointMarker: Hashable, Sendable {
    /// No symbol.
    case none
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled upward triangle.
    case triangle
    /// A filled diamond.
    case diamond
}
