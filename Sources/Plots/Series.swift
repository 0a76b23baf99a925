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

    /// A series whose y values may be missing.
    public init(_ name: String, x: [Double], y: [Double?], style: SeriesStyle = SeriesStyle()) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
    }

    /// A series with a y value at every x.
    public init(_ name: String, x: [Double], y: [Double], style: SeriesStyle = SeriesStyle()) {
        self.init(name, x: x, y: y.map { Optional($0) }, style: style)
    }
}
