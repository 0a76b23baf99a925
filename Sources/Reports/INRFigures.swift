import Diagnostics
import Plots
import RegionImages

/// Figures of the INR report (paper Figs. 5–11).
enum INRFigures {
    static let psnrAxis = Axis("PSNR (dB)"), jaccardAxis = Axis("Mean Jaccard"), sparsityAxis = Axis("Sparsity")

    /// Fig. 5: per image, whole-image PSNR of the pruned network (solid, left) and mean mask Jaccard
    /// (dashed, right) against sparsity; the similarity onset as a dotted line.
    static func perImage(_ runs: [INRRunResults]) -> ReportFigure {
        let charts: [Chart] = runs.map { r in
            var markers: [VerticalMarker] = []
            if let o = r.collapse?.runSimilarityOnset { markers.append(VerticalMarker(x: o.x, label: "onset")) }
            return .twinAxis(TwinAxisChart(title: r.image, x: sparsityAxis, left: psnrAxis, right: jaccardAxis,
                                           leftSeries: [Series("PSNR", x: r.sparsity, y: r.psnr)],
                                           rightSeries: [Series("Mean mask Jaccard", x: r.sparsity, y: r.meanJaccard, style: SeriesStyle(dash: .dashed))],
                                           markers: markers))
        }
        let columns = charts.count <= 3 ? charts.count : 2
        return ReportFigure(name: "inr-psnr-similarity", figure: Figure(charts, columns: columns, sharing: [.x], legend: .below, panelLetters: true),
                            size: ReportFigure.gridSize(panels: charts.count, columns: columns))
    }

    /// Figs. 6–7: one panel per region of one image: region PSNR (solid, left) and the region's mean
    /// Jaccard to the other regions (dashed, right) against sparsity, onsets dotted.
    static func perRegion(_ r: INRRunResults, collapse c: CollapseReport) -> ReportFigure {
        let charts: [Chart] = c.subnetworks.map { s in
            var markers: [VerticalMarker] = []
            if let o = s.similarityOnset { markers.append(VerticalMarker(x: o.x, label: "onset")) }
            return .twinAxis(TwinAxisChart(title: s.name, x: sparsityAxis, left: Axis("Region PSNR (dB)"), right: jaccardAxis,
                                           leftSeries: [Series("Region PSNR", x: c.sparsity, y: s.accuracy)],
                                           rightSeries: [Series("Mean Jaccard to other regions", x: c.sparsity, y: s.similarity, style: SeriesStyle(dash: .dashed))],
                                           markers: markers))
        }
        let columns = charts.count <= 3 ? charts.count : (charts.count <= 8 ? 2 : 3)
        return ReportFigure(name: "inr-regions-\(r.image)", figure: Figure(charts, columns: columns, sharing: [.x], legend: .below, panelLetters: true),
                            size: ReportFigure.gridSize(panels: charts.count, columns: columns))
    }

    /// Fig. 8 A–…: per region, PSNR and similarity each minus its own mean over the steps, so their
    /// co-movement shows regardless of scale.
    static func centred(_ r: INRRunResults, collapse c: CollapseReport) -> ReportFigure {
        func centre(_ v: [Double?]) -> [Double?] {
            let present = v.compactMap { $0 }
            guard !present.isEmpty else { return v }
            let mean = present.reduce(0, +) / Double(present.count)
            return v.map { $0.map { $0 - mean } }
        }
        let charts: [Chart] = c.subnetworks.map { s in
            .twinAxis(TwinAxisChart(title: s.name, x: sparsityAxis, left: Axis("PSNR − mean (dB)"), right: Axis("Jaccard − mean"),
                                    leftSeries: [Series("Region PSNR, centred", x: c.sparsity, y: centre(s.accuracy))],
                                    rightSeries: [Series("Mean Jaccard, centred", x: c.sparsity, y: centre(s.similarity.map { $0 }), style: SeriesStyle(dash: .dashed))]))
        }
        let columns = charts.count <= 3 ? charts.count : (charts.count <= 8 ? 2 : 3)
        return ReportFigure(name: "inr-centred-\(r.image)", figure: Figure(charts, columns: columns, sharing: [.x], legend: .below, panelLetters: true),
                            size: ReportFigure.gridSize(panels: charts.count, columns: columns))
    }

    /// Fig. 8 P: region PSNR against region mean Jaccard after retraining at one sparsity, one point
    /// per region of every image, one colour per image.
    static func scatter(_ points: [(image: String, jaccard: Double, psnr: Double)], level: Double, title: String) -> ReportFigure {
        let images = points.map(\.image).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let shapes: [PointMarker] = [.circle, .square, .triangle, .diamond]   // with 8 colours: distinct for up to 40 images
        let series = images.enumerated().map { i, name in
            let p = points.filter { $0.image == name }
            return Series(name, x: p.map(\.jaccard), y: p.map(\.psnr), style: SeriesStyle(dash: .hidden, marker: shapes[(i / 8 + i) % shapes.count]))
        }
        let chart = LineChart(title: title, x: Axis("Region mean mask Jaccard at \(Int((level * 100).rounded()))% sparsity"), y: Axis("Region PSNR (dB)"), series: series)
        return ReportFigure(name: "inr-region-scatter", figure: Figure([.lines(chart)], legend: .right), size: .report)
    }

    /// Figs. 9–11: target, RTL and IMP reconstructions side by side, one row per image.
    static func reconstructions(rows: [(image: String, target: RGBRaster?, rtl: RGBRaster?, imp: RGBRaster?, rtlPSNR: Double?, impPSNR: Double?)],
                                level: Double) -> ReportFigure {
        func picture(_ r: RGBRaster?) -> GridImage? { r.map { GridImage(width: $0.width, height: $0.height, rgb: $0.bytes) } }
        func db(_ v: Double?) -> String { v.map { formatFixed($0, 2) + " dB" } ?? "" }
        let grid = ImageGrid(cells: rows.map { [picture($0.target), picture($0.rtl), picture($0.imp)] },
                         columnTitles: ["Target", "RTL", "IMP (single)"], rowLabels: rows.map(\.image),
                         captions: rows.map { ["", db($0.rtlPSNR), db($0.impPSNR)] },
                         title: "Reconstructions at \(Format.percent(level)) sparsity")
        return ReportFigure(name: "inr-reconstructions-\(Int((level * 100).rounded()))", images: grid)
    }
}
