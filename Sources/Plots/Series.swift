/// One named line of a chart: y against x, with missing values allowed.
public struct Series: Hashable, Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The x values, finite, in drawing order.
    public var x: [Double]
    /// The y values, one for each x; `nil` (or NaN) is missing and breaks the line there.
    public var y: [Double?]
    /// Colour, dash, markers and width.
    public var style: SeriesStyle
    /// A shaded band around the line (e.g. a confidence interval), in the line's colour, drawn
    /// behind every line; `nil` draws none.
    public var band: Band?

    /// A series whose y values may be missing.
    public init(_ name: String, x: [Double], y: [Double?], style: SeriesStyle = SeriesStyle()) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.band = nil
    }

    /// A series with a shaded band from `band.lower` to `band.upper` around its line.
    public init(_ name: String, x: [Double], y: [Double?], band: Band, style: SeriesStyle = SeriesStyle()) {
        self.init(name, x: x, y: y, style: style)
        self.band = band
    }

    /// A series with a y value at every x.
    public init(_ name: String, x: [Double], y: [Double], style: SeriesStyle = SeriesStyle()) {
        self.init(name, x: x, y: y.map { Optional($0) }, style: style)
    }
}

/// The lower and upper edge of a shaded band, one value each per x of its series; where either is
/// `nil` (or NaN) the band is interrupted, like a line at a missing value.
public struct Band: Hashable, Sendable {
    public var lower: [Double?]
    public var upper: [Double?]

    /// A band between two edges.
    public init(lower: [Double?], upper: [Double?]) {
        self.lower = lower
        self.upper = upper
    }
}
