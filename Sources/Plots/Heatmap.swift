/// A matrix drawn as coloured cells with row and column labels and a colour bar, such as K×K WordNet or
/// mask similarities between classes (paper Fig. 3E).
public struct Heatmap: Hashable, Sendable {
    /// The panel title; `nil` draws none.
    public var title: String?
    /// The cells, row by row from the top; every row has the same length. `nil` or NaN is a missing cell,
    /// drawn light grey with a diagonal stroke.
    public var values: [[Double?]]
    /// One label per row, drawn at the left. When some are empty (sparse ticks, e.g. kHz on a
    /// spectrogram) every non-empty one is drawn, unthinned; the caller spaces them.
    public var rowLabels: [String]
    /// One label per column, drawn below; rotated 45° when they would not fit side by side. Sparse
    /// labels (some empty) are drawn like sparse row labels.
    public var columnLabels: [String]
    /// The colour scale.
    public var colorMap: ColorMap
    /// The values at the two ends of the colour scale; `nil` spans the data (symmetric about 0 for
    /// ``ColorMap/diverging``). Values outside are clamped to the end colours.
    public var range: ClosedRange<Double>?
    /// Whether each cell shows its value.
    public var annotation: CellAnnotation
    /// The colour bar's title; `nil` draws none.
    public var colorBarLabel: String?

    /// A heatmap.
    public init(title: String? = nil, values: [[Double?]], rowLabels: [String], columnLabels: [String],
                colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil,
                annotation: CellAnnotation = .none, colorBarLabel: String? = nil) {
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.colorMap = colorMap
        self.range = range
        self.annotation = annotation
        self.colorBarLabel = colorBarLabel
    }

    /// A heatmap with no missing cells.
    public init(title: String? = nil, values: [[Double]], rowLabels: [String], columnLabels: [String],
                colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil,
                annotation: CellAnnotation = .none, colorBarLabel: String? = nil) {
        self.init(title: title, values: values.map { $0.map { Optional($0) } }, rowLabels: rowLabels,
                  columnLabels: columnLabels, colorMap: colorMap, range: range, annotation: annotation,
                  colorBarLabel: colorBarLabel)
    }
}

/// Text written inside heatmap cells.
public enum CellAnnotation: Hashable, Sendable {
    /// No text.
    case none
    /// Each value with this many decimals, black or white whichever contrasts more with the cell. Left out
    /// when the cells are too small for legible text.
    case values(decimals: Int)
}
