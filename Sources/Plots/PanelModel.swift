/// A validated panel with its colours, dashes and data ranges resolved, before any geometry.
enum PanelModel {
    case cartesian(CartesianModel)
    case heatmap(HeatmapModel)
}

/// The value range and title of one axis.
struct AxisModel {
    /// The axis title.
    var label: String?
    /// The data range, or the fixed range.
    var range: ClosedRange<Double>
    /// Whether the range is widened outward to the nearest nice ticks.
    var widens: Bool
    /// The colour of the axis title.
    var labelColor: Color?
    /// Explicit ticks, or nil for nice ones.
    var ticks: [AxisTick]? = nil
}

/// One series ready to draw: its finite points split into runs at missing values.
struct LineModel {
    var name: String
    var runs: [[(x: Double, y: Double)]]
    /// The shaded band's stretches where both edges are finite (empty without a band).
    var bandRuns: [[(x: Double, lower: Double, upper: Double)]] = []
    var color: Color
    var dash: Dash
    var marker: PointMarker
    var width: Double
    var onRightAxis: Bool

    /// The legend entry for this series.
    var legendEntry: LegendEntry {
        LegendEntry(name: name, color: color, dash: dash, marker: marker, width: width, band: !bandRuns.isEmpty)
    }
}

/// A line or twin-axis chart.
struct CartesianModel {
    var title: String?
    var x: AxisModel
    var left: AxisModel
    /// The right axis of a twin-axis chart.
    var right: AxisModel?
    var lines: [LineModel]
    var markers: [VerticalMarker]
}

/// A colour map with the values at its two ends.
struct ColorScale {
    var map: ColorMap
    var range: ClosedRange<Double>
    var label: String?

    /// The colour for `value`.
    func color(for value: Double) -> Color {
        map.color(at: (value - range.lowerBound) / (range.upperBound - range.lowerBound))
    }
}

/// A heatmap.
struct HeatmapModel {
    var title: String?
    /// Rows of cells; non-finite values are already `nil`.
    var values: [[Double?]]
    var rowLabels: [String]
    var columnLabels: [String]
    var scale: ColorScale
    var annotation: CellAnnotation
    /// Whether the heatmap draws its own colour bar (false when the figure shares one).
    var ownColorBar: Bool
}

/// One legend line: a sample of the series' style and its name.
struct LegendEntry: Hashable {
    var name: String
    var color: Color
    var dash: Dash
    var marker: PointMarker
    var width: Double
    /// Whether the series has a shaded band (the sample then shows a swatch of it behind the line).
    var band: Bool = false
}
