/// One panel of a ``Figure``.
public enum Chart: Hashable, Sendable {
    /// Several series on one y axis.
    case lines(LineChart)
    /// Series on a left and a right y axis.
    case twinAxis(TwinAxisChart)
    /// A matrix of coloured cells.
    case heatmap(Heatmap)
}
