import Diagnostics
import Plots

/// Figures of the collapse report.
enum CollapseFigures {
    /// Paper Fig. 2: one panel per subnetwork with its quality metric (solid, left axis, when
    /// recorded) and the similarity measure the detector read (dashed, right axis) with its chance
    /// level (dotted), against sparsity on `axis`. Similarity onsets are grey vertical lines, quality
    /// onsets red ones; provisional onsets are dashed, confirmed ones solid.
    static func smallMultiples(_ r: CollapseReport, axis: SparsityAxis? = nil) -> ReportFigure {
        let axis = axis ?? r.axis
        let xs = r.sparsity.map(axis.coordinate)
        let x = Axis(axisTitle(axis), range: paddedRange(xs), ticks: sparsityTicks(axis, xs))
        let hasAccuracy = r.accuracySplit != nil
        let measure = r.measure.label
        let charts: [Chart] = r.subnetworks.map { s in
            var similarity = [Series(measure, x: xs, y: s.analysed, style: SeriesStyle(dash: .dashed))]
            if let chance = chanceLevel(r.measure, s) {
                similarity.append(Series("Chance level", x: xs, y: chance, style: SeriesStyle(color: .gray, dash: .dotted, lineWidth: 1)))
            }
            var markers: [VerticalMarker] = []
            if let o = s.similarityOnset, let q = s.accuracyOnset, o.x == q.x {
                // One line for both, so neither hides the other.
                markers.append(marker(o, axis: axis, label: "both", color: .black))
            } else {
                if let o = s.similarityOnset { markers.append(marker(o, axis: axis, label: "similarity", color: .gray)) }
                if let o = s.accuracyOnset { markers.append(marker(o, axis: axis, label: "quality", color: qualityOnsetColor)) }
            }
            if hasAccuracy {
                let accuracy = Series(r.metricLabel, x: xs, y: s.accuracy)
                return .twinAxis(TwinAxisChart(title: s.name, x: x, left: Axis(r.metricLabel), right: Axis(measure),
                                               leftSeries: [accuracy], rightSeries: similarity, markers: markers))
            }
            return .lines(LineChart(title: s.name, x: x, y: Axis(measure), series: similarity, markers: markers))
        }
        let columns = r.subnetworks.count <= 3 ? r.subnetworks.count : (r.subnetworks.count <= 8 ? 2 : 3)
        let figure = Figure(charts, columns: columns, sharing: .all, legend: .below, panelLetters: true)
        return ReportFigure(name: "collapse", figure: figure, size: ReportFigure.gridSize(panels: charts.count, columns: columns))
    }

    /// The colour of quality-onset lines.
    static let qualityOnsetColor = Color(hex: 0xC0392B)

    /// The x-axis title for an axis.
    static func axisTitle(_ axis: SparsityAxis) -> String {
        axis == .linear ? "Sparsity" : "Sparsity (log scale of the kept fraction)"
    }

    /// On the log axis, ticks at familiar sparsities labelled as percentages; nice ticks otherwise.
    static func sparsityTicks(_ axis: SparsityAxis, _ xs: [Double]) -> [AxisTick]? {
        guard axis == .log else { return nil }
        let levels = [0.5, 0.75, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999]
        var ticks: [AxisTick] = []
        for s in levels {
            let u = axis.coordinate(s)
            // Keep ticks at least 0.25 apart on the axis so their labels never collide.
            if let last = ticks.last, u - last.value < 0.25 { continue }
            ticks.append(AxisTick(u, formatFixed(s * 100, s >= 0.995 ? 1 : 0) + "%"))
        }
        return ticks
    }

    /// The data range widened by 5 % on each side, so lines at the first or last step stay off the frame.
    static func paddedRange(_ xs: [Double]) -> ClosedRange<Double>? {
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return nil }
        let pad = 0.05 * (hi - lo)
        return (lo - pad)...(hi + pad)
    }

    /// A vertical line at an onset's first changed step: solid when confirmed, dashed when provisional.
    static func marker(_ o: Onset, axis: SparsityAxis, label: String, color: Color) -> VerticalMarker {
        VerticalMarker(x: axis.coordinate(o.x), label: o.confirmed ? label : "\(label)?", color: color, dash: o.confirmed ? .solid : .dashed)
    }

    /// What independent random masks would score on the measure: the chance Jaccard (raw), 0
    /// (corrected) or 1 (lift).
    static func chanceLevel(_ measure: SimilarityMeasure, _ s: SubnetworkCollapse) -> [Double]? {
        switch measure {
        case .raw: return s.chance
        case .corrected: return s.chance.map { _ in 0 }
        case .lift: return s.chance.map { _ in 1 }
        }
    }
}
