/// One axis of a chart: its label and, optionally, a fixed range.
public struct Axis: Hashable, Sendable {
    /// The axis title, such as "Sparsity"; `nil` draws none.
    public var label: String?
    /// A fixed range; `nil` fits the data: y axes are widened to the nearest nice ticks, x axes span the data.
    public var range: ClosedRange<Double>?
    /// Ticks to draw instead of nice ones (e.g. sparsities on a −log10(1 − s) axis); ticks outside the
    /// range are left out. `nil` chooses nice ticks.
    public var ticks: [AxisTick]?

    /// An axis with an optional title, fixed range and explicit ticks.
    public init(_ label: String? = nil, range: ClosedRange<Double>? = nil, ticks: [AxisTick]? = nil) {
        self.label = label
        self.range = range
        self.ticks = ticks
    }
}

/// One explicit tick: where it is (in data units) and what it says.
public struct AxisTick: Hashable, Sendable {
    public var value: Double
    public var label: String

    public init(_ value: Double, _ label: String) {
        self.value = value
        self.label = label
    }
}
