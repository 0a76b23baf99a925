/// Several series against one x axis and one y axis, told apart by colour, dash and marker and named in a legend.
///
/// Used for correlation-against-sparsity plots (paper Fig. 3A–D) and for overlaying several runs.
public struct LineChart: Hashable, Sendable {
    /// The panel title; `nil` draws none.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// The lines, drawn in order (later on top).
    public var series: [Series]
    /// Vertical reference lines.
    public var markers: [VerticalMarker]

    /// A line chart.
    public init(title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), series: [Series],
                markers: [VerticalMarker] = []) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.markers = markers
    }
}
