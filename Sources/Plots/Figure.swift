/// A figure: one chart, or a grid of panels (small multiples, side-by-side runs, several heatmaps), with an
/// optional title, panel letters and one shared legend, ready to be written as PNG, SVG or PDF.
///
/// ```swift
/// let figure = Figure(classes.map { .twinAxis($0) }, sharing: .all)
/// try figure.render(to: "report/fig2.png", size: .reportGrid)
/// ```
public struct Figure: Hashable, Sendable {
    /// The panels, laid out row by row.
    public var charts: [Chart]
    /// A title above all panels; `nil` draws none.
    public var title: String?
    /// The number of grid columns; `nil` chooses the shape whose panels are closest to 3:2
    /// (4:3 with heatmaps), leaving as few cells empty as possible.
    public var columns: Int?
    /// Which axes all panels of the same kind share: shared ranges are the union of the panels' ranges, and
    /// shared tick labels and axis titles are drawn only on the outer panels.
    public var sharing: AxisSharing
    /// Where the legend goes.
    public var legend: LegendPlacement
    /// Whether panels are lettered A, B, C, … before their titles; `nil` letters them when there are several.
    public var panelLetters: Bool?
    /// The size of axis titles in points; tick labels, legend and annotations are a little smaller.
    public var fontSize: Double
    /// The colours given, in order, to series without their own colour.
    public var palette: CategoricalPalette

    /// A figure of the given panels.
    public init(_ charts: [Chart], title: String? = nil, columns: Int? = nil, sharing: AxisSharing = [],
                legend: LegendPlacement = .automatic, panelLetters: Bool? = nil, fontSize: Double = 9,
                palette: CategoricalPalette = .okabeIto) {
        self.charts = charts
        self.title = title
        self.columns = columns
        self.sharing = sharing
        self.legend = legend
        self.panelLetters = panelLetters
        self.fontSize = fontSize
        self.palette = palette
    }
}

/// The axes that the panels of a ``Figure`` share.
public struct AxisSharing: OptionSet, Hashable, Sendable {
    /// The bit set.
    public let rawValue: Int

    /// A set from its bits.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The x axis of line and twin-axis charts: one range, tick labels on the bottom panels, one title.
    public static let x = AxisSharing(rawValue: 1)
    /// The (left) y axis of line and twin-axis charts, and the row labels of heatmaps.
    public static let y = AxisSharing(rawValue: 2)
    /// The right y axis of twin-axis charts.
    public static let secondaryY = AxisSharing(rawValue: 4)
    /// The colour range of heatmaps: one colour bar at the right of the figure, using the first heatmap's
    /// colour map for all of them.
    public static let colorScale = AxisSharing(rawValue: 8)
    /// Everything.
    public static let all: AxisSharing = [.x, .y, .secondaryY, .colorScale]
}

/// Where a figure's legend is drawn.
public enum LegendPlacement: Hashable, Sendable {
    /// Inside a single chart, in the corner that covers no data if there is one; otherwise below the figure.
    case automatic
    /// Below the figure, entries side by side, wrapped to the width.
    case below
    /// At the right of the figure, entries stacked.
    case right
    /// No legend.
    case hidden
}
