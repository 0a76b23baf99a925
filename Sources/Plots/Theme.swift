/// Font sizes, spacing and neutral colours derived from a figure's base font size, so that everything
/// scales together.
struct Theme {
    /// The axis-title size in points.
    let base: Double

    /// Tick labels, heatmap row and column labels, colour-bar labels.
    var tick: TextStyle { TextStyle(size: base * 0.89) }
    /// Axis titles.
    var axisTitle: TextStyle { TextStyle(size: base) }
    /// Panel titles.
    var panelTitle: TextStyle { TextStyle(size: base) }
    /// Panel letters.
    var letter: TextStyle { TextStyle(size: base * 1.1, bold: true, color: .black) }
    /// The figure title.
    var figureTitle: TextStyle { TextStyle(size: base * 1.2, bold: true, color: .black) }
    /// Legend entries.
    var legend: TextStyle { TextStyle(size: base * 0.89) }
    /// Labels of vertical markers.
    var markerLabel: TextStyle { TextStyle(size: base * 0.8) }

    /// Length of tick marks.
    var tickLength: Double { base * 0.35 }
    /// Space between a tick and its label, or a label and its box.
    var pad: Double { base * 0.3 }
    /// Space between blocks: tick labels and axis title, panel and title.
    var gap: Double { base * 0.5 }
    /// Width of a colour bar.
    var colorBarWidth: Double { base * 1.0 }

    /// Axis lines, ticks and frames.
    let axisColor = Color(hex: 0x333333)
    /// Grid lines behind the data.
    let gridColor = Color(hex: 0xE4E4E4)
    /// Missing heatmap cells.
    let missingColor = Color(hex: 0xDDDDDD)
    /// Width of axis lines and ticks.
    var axisWidth: Double { 0.8 }
}

/// Which of a panel's decorations are drawn; shared axes leave some to the outer panels or the figure.
struct Decorations {
    /// "A", "B", … or `nil`.
    var letter: String?
    /// x tick labels, or a heatmap's column labels.
    var xTickLabels = true
    /// Left tick labels, or a heatmap's row labels.
    var leftTickLabels = true
    /// Right tick labels of a twin-axis chart.
    var rightTickLabels = true
    /// The panel's own x-axis title.
    var xTitle = true
    /// The panel's own left-axis title.
    var leftTitle = true
    /// The panel's own right-axis title.
    var rightTitle = true
}
