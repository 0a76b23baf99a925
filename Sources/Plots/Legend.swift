/// A legend: one line sample and name per entry, either flowed in centred rows (below a figure) or
/// stacked (at its right, or boxed inside a chart).
struct Legend {
    let entries: [LegendEntry]
    let theme: Theme
    let canvas: Canvas

    /// The length of each line sample.
    private var sampleLength: Double { theme.base * 2.4 }
    /// The height of one row of entries.
    private var rowHeight: Double { canvas.measure("Ag", theme.legend).height * 1.3 }
    /// The space between entries in a row.
    private var spacing: Double { theme.base * 1.4 }
    /// The padding inside a boxed legend.
    private var padding: Double { theme.pad * 1.5 }

    /// The legend's entries, one per distinct name and style, in order of first appearance.
    static func entries(of panels: [PanelModel]) -> [LegendEntry] {
        var seen = Set<LegendEntry>()
        var entries: [LegendEntry] = []
        for case let .cartesian(model) in panels {
            for entry in model.lines.map(\.legendEntry) where seen.insert(entry).inserted {
                entries.append(entry)
            }
        }
        return entries
    }

    /// The width of one entry.
    private func width(of entry: LegendEntry) -> Double {
        sampleLength + theme.pad * 1.5 + canvas.measure(entry.name, theme.legend).width
    }

    /// The entries flowed into rows no wider than `width`.
    private func rows(width: Double) -> [[LegendEntry]] {
        var rows: [[LegendEntry]] = [[]]
        var used = 0.0
        for entry in entries {
            let needed = (rows[rows.count - 1].isEmpty ? 0 : spacing) + self.width(of: entry)
            if !rows[rows.count - 1].isEmpty, used + needed > width {
                rows.append([entry])
                used = self.width(of: entry)
            } else {
                rows[rows.count - 1].append(entry)
                used += needed
            }
        }
        return rows
    }

    /// The height of the flowed legend within `width`.
    func flowHeight(width: Double) -> Double {
        Double(rows(width: width).count) * rowHeight
    }

    /// The size of the stacked legend; with `boxed`, including its frame's padding.
    func stackSize(boxed: Bool) -> (width: Double, height: Double) {
        let inner = (entries.map(width(of:)).max() ?? 0, Double(entries.count) * rowHeight)
        return boxed ? (inner.0 + 2 * padding, inner.1 + 2 * padding) : inner
    }

    /// Draws the entries in centred rows filling `rect` from its top.
    func drawFlow(in rect: Rect) {
        for (index, row) in rows(width: rect.width).enumerated() {
            let total = row.map(width(of:)).reduce(0, +) + spacing * Double(row.count - 1)
            var x = rect.midX - total / 2
            let y = rect.minY + (Double(index) + 0.5) * rowHeight
            for entry in row {
                drawEntry(entry, x: x, y: y)
                x += width(of: entry) + spacing
            }
        }
    }

    /// Draws the entries stacked from `rect`'s top-left; with `boxed`, on a white panel with a light frame.
    func drawStack(in rect: Rect, boxed: Bool) {
        if boxed {
            canvas.fill(rect, color: Color.white.withAlpha(0.9))
            canvas.strokeRect(rect, color: Color(hex: 0xBBBBBB), width: 0.5)
        }
        let inset = boxed ? padding : 0
        for (index, entry) in entries.enumerated() {
            drawEntry(entry, x: rect.minX + inset, y: rect.minY + inset + (Double(index) + 0.5) * rowHeight)
        }
    }

    /// One entry with its sample starting at `x`, centred on `y`.
    private func drawEntry(_ entry: LegendEntry, x: Double, y: Double) {
        let width = min(entry.width, 2.5)
        if entry.band {
            let half = canvas.capHeight(theme.legend) * 0.7
            canvas.fill(Rect(x: x, y: y - half, width: sampleLength, height: 2 * half),
                        color: entry.color.withAlpha(CartesianPanel.bandOpacity))
        }
        canvas.stroke([Point(x: x, y: y), Point(x: x + sampleLength, y: y)], color: entry.color, width: width,
                      dash: entry.dash)
        MarkerShape.draw(entry.marker, at: Point(x: x + sampleLength / 2, y: y), size: width, color: entry.color,
                         canvas: canvas)
        canvas.draw(entry.name, at: Point(x: x + sampleLength + theme.pad * 1.5, y: y), theme.legend,
                    horizontal: .left, vertical: .middle)
    }
}
