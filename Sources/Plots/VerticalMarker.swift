/// A vertical reference line across a chart, such as the onset sparsity, with an optional short label.
public struct VerticalMarker: Hashable, Sendable {
    /// Where the line is, in x units.
    public var x: Double
    /// A short label drawn beside the line, placed where it covers the least data.
    public var label: String?
    /// The line and label colour.
    public var color: Color
    /// The dash pattern; dotted by default.
    public var dash: Dash

    /// A marker at `x`.
    public init(x: Double, label: String? = nil, color: Color = .gray, dash: Dash = .dotted) {
        self.x = x
        self.label = label
        self.color = color
        self.dash = dash
    }
}
