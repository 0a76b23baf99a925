import Diagnostics
import Foundation
import RunStore
import Statistics

/// Writes `DIR/README.md` for INR runs (paper section 4.3, appendix C): Table 2 (mean PSNR and
/// #params per method at each target sparsity), Table 6 (per image), Fig. 5 (PSNR and similarity
/// per image), Figs. 6–8 (per region, with Spearman correlations) and Figs. 9–11 (reconstructions).
public enum INRReportWriter {
    /// Writes the report for RTL runs and IMP runs (one per image each, paired by image); returns the
    /// files written (README first).
    @discardableResult
    public static func write(store: RunStore, rtl: [RunInfo], imp: [RunInfo], to directory: String, toolVersion: String,
                             detector: OnsetDetector = OnsetDetector(), scatterLevel: Double = 0.5) throws -> [String] {
        guard !rtl.isEmpty || !imp.isEmpty else { throw ReportError.noRuns }
        let dir = try ReportDirectory(directory)
        let r = try rtl.map { try INRRunResults.load(store: store, run: $0, detector: detector) }
        let b = try imp.map { try INRRunResults.load(store: store, run: $0, detector: detector) }
        let images = (r.map(\.image) + b.map(\.image)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let levels = Set(r.flatMap(\.targets.keys) + b.flatMap(\.targets.keys)).sorted()
        func rtlOf(_ i: String) -> INRRunResults? { r.first { $0.image == i } }
        func impOf(_ i: String) -> INRRunResults? { b.first { $0.image == i } }
        var doc = ReportDocument(title: "INR with region-specific tickets")
        func names(_ runs: [RunInfo]) -> ReportText {
            runs.isEmpty ? "none" : ReportText.joined(runs.map { .code($0.name) }, separator: ", ")
        }
        doc.paragraph("RTL runs: \(names(rtl)). IMP runs: \(names(imp)).")
        doc.paragraph(ReportText(INRTables.summary(images: images, levels: levels, rtl: rtlOf, imp: impOf)))
        doc.heading("Table 2: mean PSNR over images")
        doc.table(INRTables.means(images: images, levels: levels, rtl: rtlOf, imp: impOf))
        doc.paragraph("PSNR over all pixels of the reconstructed image after retraining at each target, averaged over images; #Params = kept "
            + "weights (union of the region masks for RTL), averaged over images. Best per column in bold.")
        doc.heading("Table 6: PSNR per image")
        doc.table(INRTables.perImage(images: images, levels: levels, rtl: rtlOf, imp: impOf))

        if !r.isEmpty {
            doc.heading("PSNR and mask similarity against sparsity (Fig. 5)")
            doc.figure(INRFigures.perImage(r), alt: "PSNR and mean mask Jaccard per image",
                       caption: "RTL, one panel per image: PSNR of the whole image, each region rendered by its subnetwork as Alg. 1 trained it "
                           + "under that step's masks (solid, left axis), and mean Jaccard between region masks (dashed, right axis) against sparsity; "
                           + "dotted: the similarity onset found by the collapse detector (docs/collapse.md). Paper Fig. 5.")
            INRTables.addOnsets(r, to: &doc)
            addRegionSections(r, to: &doc, scatterLevel: scatterLevel)
        }
        for level in levels {
            let rows = images.map { i in (image: i, target: rtlOf(i)?.target ?? impOf(i)?.target, rtl: rtlOf(i)?.targets[level]?.reconstruction,
                                          imp: impOf(i)?.targets[level]?.reconstruction, rtlPSNR: rtlOf(i)?.targets[level]?.psnr, impPSNR: impOf(i)?.targets[level]?.psnr) }
            guard rows.contains(where: { $0.rtl != nil || $0.imp != nil }) else { continue }
            let pct = Format.percent(level)
            doc.heading("Reconstructions at \(pct) sparsity")
            doc.figure(INRFigures.reconstructions(rows: rows, level: level), alt: "Reconstructions",
                       caption: "Target, RTL and IMP reconstructions after retraining at \(pct) sparsity, PSNR under each (pixels drawn unsmoothed; paper Figs. 9–11).")
        }
        doc.provenance(try ReportProvenance(store: store, runs: rtl + imp, toolVersion: toolVersion))
        return try doc.write(to: dir)
    }

    /// Figs. 6–8 and the Spearman correlations between region PSNR and region similarity.
    static func addRegionSections(_ r: [INRRunResults], to doc: inout ReportDocument, scatterLevel: Double) {
        let pct = Format.percent(scatterLevel)
        doc.heading("Per-region PSNR and similarity (Figs. 6–8)")
        doc.paragraph("For each region subnetwork: its PSNR on its own pixels (trained by Alg. 1 under that step's mask) and the mean Jaccard of its "
            + "mask to the other regions' masks, at each pruning step. ρ(steps) is the Spearman correlation of the two curves over the steps.")
        doc.paragraph("ρ(regions) is the Spearman correlation across one image's regions between region PSNR and region mean Jaccard after "
            + "retraining at \(pct) sparsity (the paper's Fig. 8 P, within one image; with 3–6 regions per image it is weak evidence).")
        doc.table(INRTables.regionCorrelations(r, level: scatterLevel))
        var points: [(image: String, jaccard: Double, psnr: Double)] = []
        for run in r {
            guard let t = run.targets[scatterLevel] else { continue }
            for (p, j) in zip(t.regionPSNR, t.regionJaccard) { if let p, let j { points.append((run.image, j, p)) } }
        }
        if points.count >= 3, let rho = try? spearman(points.map(\.jaccard), points.map(\.psnr)) {
            let title = "Spearman ρ = \(formatFixed(rho.coefficient, 3)) (\(Format.pClause(rho.pValue)), n = \(rho.n))"
            doc.figure(INRFigures.scatter(points, level: scatterLevel, title: title), alt: "Region PSNR against region similarity",
                       caption: "Region PSNR against the region's mean mask Jaccard after retraining at \(pct) sparsity, "
                           + "every region of every image (\(title)). The paper's Fig. 8 P reports ρ ≈ 0.982 over the 15 regions of one image.")
        }
        for run in r {
            guard let c = run.collapse else { continue }
            doc.heading(run.image, level: 3)
            doc.figure(INRFigures.perRegion(run, collapse: c), alt: "Per-region PSNR and similarity",
                       caption: "\(run.image): region PSNR (solid, left) and mean Jaccard to the other regions (dashed, right) per region.")
            doc.figure(INRFigures.centred(run, collapse: c), alt: "Mean-centred",
                       caption: "\(run.image): both curves minus their own mean over the steps (paper Fig. 8 A–O).")
        }
    }
}
