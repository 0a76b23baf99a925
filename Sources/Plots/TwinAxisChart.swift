/// Series against a shared x axis with two y axes: the left one for solid lines, the right one for dashed
/// lines, each with its own label and range.
///
/// Used for per-class accuracy and mask Jaccard against sparsity (paper Fig. 2). When one series is on each
/// side, each axis title takes its series' colour.
public struct TwinAxisChart: Hashable, Sendable {
    /// The panel title; `nil` draws none.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The left vertical axis.
    public var left: Axis
    /// The right vertical axis.
    public var right: Axis
    /// Series measured on the left axis, solid unless their style says otherwise.
    public var leftSeries: [Series]
    /// Series measured on the right axis, dashed unless their style says otherwise.
    public var rightSeries: [Series]
    /// Vertical reference lines.
    public var markers: [VerticalMarker]

    /// A twin-axis chart.
    public init(title: String? = nil, x: Axis = Axis(), left: Axis = Axis(), right: Axis = Axis(),
                leftSeries: [Series], rightSeries: [Series], markers: [VerticalMarker] = []) {
        self.title = title
        self.x = x
        self.left = left
        self.right = right
        self.leftSeries = leftSeries
        self.rightSeries = rightSeries
        self.markers = markers
    }
}
