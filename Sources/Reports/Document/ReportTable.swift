/// A table of a report: a header row, body rows of styled cells, and a horizontal alignment per column.
public struct ReportTable: Sendable, Equatable {
    /// How a column's cells are aligned.
    public enum Alignment: Sendable, Equatable {
        case left, right
    }

    public let header: [String]
    public let rows: [[ReportText]]
    public let alignment: [Alignment]

    /// A table; `alignment` defaults to left for every column and, when given, must have one entry per
    /// header cell.
    public init(header: [String], rows: [[ReportText]], alignment: [Alignment]? = nil) {
        precondition(alignment.map { $0.count == header.count } ?? true, "one alignment per column")
        self.header = header
        self.rows = rows
        self.alignment = alignment ?? Array(repeating: .left, count: header.count)
    }

    /// A left-aligned first column followed by right-aligned ones (a label, then numbers).
    public static func labelThenNumbers(_ columns: Int, labels: Int = 1) -> [Alignment] {
        Array(repeating: .left, count: labels) + Array(repeating: .right, count: max(0, columns - labels))
    }
}
