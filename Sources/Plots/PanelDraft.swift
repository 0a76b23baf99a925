/// A range being resolved: from the data or fixed by the caller, `nil` when there is no data.
struct DraftRange: Equatable {
    var range: ClosedRange<Double>?
    var fixed: Bool
}

/// A validated chart whose ranges may still be merged with other panels' before it becomes a ``PanelModel``.
struct PanelDraft {
    let name: String
    let chart: Chart
    /// The ranges this kind of chart has; `nil` for axes it lacks.
    var x: DraftRange?
    var left: DraftRange?
    var right: DraftRange?
    var color: DraftRange?
    /// The series of a line or twin-axis chart, coloured and dashed.
    let lines: [LineModel]

    /// Validates `chart` and measures its data ranges.
    init(_ chart: Chart, name: String, palette: CategoricalPalette) throws {
        self.name = name
        self.chart = chart
        switch chart {
        case let .lines(chart):
            lines = try Self.lines(chart.series, chart: name, palette: palette, firstColor: 0, onRight: false)
            try Self.checkMarkers(chart.markers, chart: name)
            x = try Self.range(chart.x.range, data: Self.xValues(chart.series, chart.markers), chart: name)
            left = try Self.range(chart.y.range, data: Self.yValues(chart.series), chart: name)
        case let .twinAxis(chart):
            lines = try Self.lines(chart.leftSeries, chart: name, palette: palette, firstColor: 0, onRight: false)
                + Self.lines(chart.rightSeries, chart: name, palette: palette,
                             firstColor: chart.leftSeries.count, onRight: true)
            try Self.checkMarkers(chart.markers, chart: name)
            x = try Self.range(chart.x.range, data: Self.xValues(chart.leftSeries + chart.rightSeries, chart.markers),
                               chart: name)
            left = try Self.range(chart.left.range, data: Self.yValues(chart.leftSeries), chart: name)
            right = try Self.range(chart.right.range, data: Self.yValues(chart.rightSeries), chart: name)
        case let .heatmap(heatmap):
            lines = []
            try Self.checkMatrix(heatmap, chart: name)
            let values = heatmap.values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
            var data = values
            if heatmap.colorMap == .diverging, let extreme = values.map(abs).max() { data = [-extreme, extreme] }
            color = try Self.range(heatmap.range, data: data, chart: name)
        }
    }

    /// The colour scale of a heatmap, with its current range.
    var colorScale: ColorScale? {
        guard case let .heatmap(heatmap) = chart, let range = color?.range else { return nil }
        return ColorScale(map: heatmap.colorMap, range: Self.unflattened(range), label: heatmap.colorBarLabel)
    }

    /// The finished panel.
    ///
    /// - Throws: ``PlotError/noData(chart:)`` when an axis or the colour scale has no range.
    func model(sharedColorScale: ColorScale?) throws -> PanelModel {
        switch chart {
        case let .lines(chart):
            return .cartesian(CartesianModel(
                title: chart.title, x: try axis(x, chart.x.label, widens: false, ticks: chart.x.ticks),
                left: try axis(left, chart.y.label, widens: true), right: nil, lines: lines, markers: chart.markers))
        case let .twinAxis(chart):
            let leftLines = lines.filter { !$0.onRightAxis }
            let rightLines = lines.filter(\.onRightAxis)
            let tint = !leftLines.isEmpty && !rightLines.isEmpty
            var leftAxis = try axis(left, chart.left.label, widens: true)
            var rightAxis = try axis(right, chart.right.label, widens: true)
            if tint, leftLines.count == 1 { leftAxis.labelColor = leftLines[0].color }
            if tint, rightLines.count == 1 { rightAxis.labelColor = rightLines[0].color }
            return .cartesian(CartesianModel(
                title: chart.title, x: try axis(x, chart.x.label, widens: false, ticks: chart.x.ticks), left: leftAxis, right: rightAxis,
                lines: lines, markers: chart.markers))
        case let .heatmap(heatmap):
            guard var scale = colorScale else { throw PlotError.noData(chart: name) }
            if let shared = sharedColorScale { scale = ColorScale(map: shared.map, range: shared.range, label: nil) }
            return .heatmap(HeatmapModel(
                title: heatmap.title,
                values: heatmap.values.map { $0.map { value in value.flatMap { $0.isFinite ? $0 : nil } } },
                rowLabels: heatmap.rowLabels, columnLabels: heatmap.columnLabels, scale: scale,
                annotation: heatmap.annotation, ownColorBar: sharedColorScale == nil))
        }
    }

    /// A finished axis; data ranges of y axes are widened to nice ticks later.
    private func axis(_ draft: DraftRange?, _ label: String?, widens: Bool, ticks: [AxisTick]? = nil) throws -> AxisModel {
        guard let draft, let range = draft.range else { throw PlotError.noData(chart: name) }
        return AxisModel(label: label, range: Self.unflattened(range), widens: widens && !draft.fixed, labelColor: nil, ticks: ticks)
    }

    /// A range of zero width opened up around its value, so that it can be mapped to an axis.
    private static func unflattened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound == range.upperBound else { return range }
        let half = range.lowerBound == 0 ? 0.5 : abs(range.lowerBound) * 0.05
        return (range.lowerBound - half)...(range.upperBound + half)
    }

    /// A fixed range, checked, or the span of the data.
    private static func range(_ fixed: ClosedRange<Double>?, data: [Double], chart: String) throws -> DraftRange {
        if let fixed {
            guard fixed.lowerBound.isFinite, fixed.upperBound.isFinite, fixed.lowerBound < fixed.upperBound else {
                throw PlotError.invalidRange(chart: chart, lower: fixed.lowerBound, upper: fixed.upperBound)
            }
            return DraftRange(range: fixed, fixed: true)
        }
        guard let lower = data.min(), let upper = data.max() else { return DraftRange(range: nil, fixed: false) }
        return DraftRange(range: lower...upper, fixed: false)
    }

    /// Every x of the series (missing y or not) and of the markers.
    private static func xValues(_ series: [Series], _ markers: [VerticalMarker]) -> [Double] {
        series.flatMap(\.x) + markers.map(\.x)
    }

    /// The finite y values of the series and their bands.
    private static func yValues(_ series: [Series]) -> [Double] {
        series.flatMap { $0.y.compactMap { $0 } + ($0.band.map { $0.lower.compactMap { $0 } + $0.upper.compactMap { $0 } } ?? []) }
            .filter(\.isFinite)
    }

    /// Checks the series and resolves their colours, dashes and runs.
    private static func lines(_ series: [Series], chart: String, palette: CategoricalPalette, firstColor: Int,
                              onRight: Bool) throws -> [LineModel] {
        try series.enumerated().map { index, series in
            guard series.x.count == series.y.count else {
                throw PlotError.lengthMismatch(chart: chart, series: series.name, xCount: series.x.count,
                                               yCount: series.y.count)
            }
            if let bad = series.x.firstIndex(where: { !$0.isFinite }) {
                throw PlotError.nonFiniteX(chart: chart, series: "series \"\(series.name)\"", index: bad)
            }
            if let band = series.band, band.lower.count != series.x.count || band.upper.count != series.x.count {
                throw PlotError.lengthMismatch(chart: chart, series: "\(series.name)\" band", xCount: series.x.count,
                                               yCount: band.lower.count != series.x.count ? band.lower.count : band.upper.count)
            }
            var runs: [[(x: Double, y: Double)]] = [[]]
            for (x, y) in zip(series.x, series.y) {
                if let y, y.isFinite {
                    runs[runs.count - 1].append((x, y))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            var bandRuns: [[(x: Double, lower: Double, upper: Double)]] = [[]]
            if let band = series.band {
                for (x, (lower, upper)) in zip(series.x, zip(band.lower, band.upper)) {
                    if let lower, let upper, lower.isFinite, upper.isFinite {
                        bandRuns[bandRuns.count - 1].append((x, min(lower, upper), max(lower, upper)))
                    } else if !bandRuns[bandRuns.count - 1].isEmpty {
                        bandRuns.append([])
                    }
                }
            }
            let width = series.style.lineWidth.isFinite && series.style.lineWidth > 0 ? series.style.lineWidth : 1.5
            return LineModel(
                name: series.name, runs: runs.filter { !$0.isEmpty }, bandRuns: bandRuns.filter { !$0.isEmpty },
                color: series.style.color ?? palette.color(at: firstColor + index),
                dash: series.style.dash ?? (onRight ? .dashed : .solid), marker: series.style.marker, width: width,
                onRightAxis: onRight)
        }
    }

    /// Checks that every marker position is finite.
    private static func checkMarkers(_ markers: [VerticalMarker], chart: String) throws {
        if let bad = markers.firstIndex(where: { !$0.x.isFinite }) {
            throw PlotError.nonFiniteX(chart: chart, series: "vertical markers", index: bad)
        }
    }

    /// Checks a heatmap's shape and labels.
    private static func checkMatrix(_ heatmap: Heatmap, chart: String) throws {
        guard let columns = heatmap.values.first?.count, columns > 0 else { throw PlotError.noData(chart: chart) }
        if let row = heatmap.values.firstIndex(where: { $0.count != columns }) {
            throw PlotError.raggedMatrix(chart: chart, row: row, count: heatmap.values[row].count, expected: columns)
        }
        guard heatmap.rowLabels.count == heatmap.values.count else {
            throw PlotError.labelCountMismatch(chart: chart, axis: "row", labels: heatmap.rowLabels.count,
                                               expected: heatmap.values.count)
        }
        guard heatmap.columnLabels.count == columns else {
            throw PlotError.labelCountMismatch(chart: chart, axis: "column", labels: heatmap.columnLabels.count,
                                               expected: columns)
        }
    }
}
