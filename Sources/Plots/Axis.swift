/// One axis of a chart: its label and, optionally, a fixed range.
public struct Axis: Hashable, Sendable {
    /// The axis title, such as "Sparsity"; `nil` draws none.
    public var label: String?
    /// A fixed range; `nil` fits the data: y axes are widened to the nearest nice ticks, x axes span the data.
    public var range: ClosedRange<Double>?

    /// An axis with an optional title and fixed range.
    public init(_ label: String? = nil, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.range = range
    }
}
