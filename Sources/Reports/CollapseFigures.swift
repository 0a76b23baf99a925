import Diagnostics
import Plots

/// Figures of the collapse report.
enum CollapseFigures {
    /// Paper Fig. 2: one panel per subnetwork with balanced accuracy (solid, left axis, when
    /// recorded) and mean mask Jaccard to the others (dashed, right axis); onsets as dotted lines.
    static func smallMultiples(_ r: CollapseReport) -> ReportFigure {
        let x = Axis("Sparsity")
        let hasAccuracy = r.accuracySplit != nil
        let charts: [Chart] = r.subnetworks.map { s in
            let similarity = Series("Mean mask Jaccard", x: r.sparsity, y: s.similarity, style: SeriesStyle(dash: .dashed))
            var markers: [VerticalMarker] = []
            if let o = s.similarityOnset { markers.append(VerticalMarker(x: o.x, label: "onset")) }
            if hasAccuracy {
                let accuracy = Series(r.metricLabel, x: r.sparsity, y: s.accuracy)
                return .twinAxis(TwinAxisChart(title: s.name, x: x, left: Axis(r.metricLabel), right: Axis("Mean mask Jaccard"),
                                               leftSeries: [accuracy], rightSeries: [similarity], markers: markers))
            }
            return .lines(LineChart(title: s.name, x: x, y: Axis("Mean mask Jaccard"), series: [similarity], markers: markers))
        }
        let columns = r.subnetworks.count <= 3 ? r.subnetworks.count : (r.subnetworks.count <= 8 ? 2 : 3)
        let figure = Figure(charts, columns: columns, sharing: .all, legend: .below, panelLetters: true)
        return ReportFigure(name: "collapse", figure: figure, size: ReportFigure.gridSize(panels: charts.count, columns: columns))
    }
}
