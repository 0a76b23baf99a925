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
        var files: [String] = []
        var md = "# INR with region-specific tickets\n\n"
        md += "RTL runs: " + (rtl.isEmpty ? "none" : rtl.map { "`\(Markdown.escape($0.name))`" }.joined(separator: ", ")) + ". "
        md += "IMP runs: " + (imp.isEmpty ? "none" : imp.map { "`\(Markdown.escape($0.name))`" }.joined(separator: ", ")) + ".\n\n"
        md += INRTables.summary(images: images, levels: levels, rtl: rtlOf, imp: impOf) + "\n\n"
        md += "## Table 2: mean PSNR over images\n\n" + INRTables.means(images: images, levels: levels, rtl: rtlOf, imp: impOf) + "\n\n"
        md += "PSNR over all pixels of the reconstructed image after retraining at each target, averaged over images; #Params = kept "
        md += "weights (union of the region masks for RTL), averaged over images. Best per column in bold.\n\n"
        md += "## Table 6: PSNR per image\n\n" + INRTables.perImage(images: images, levels: levels, rtl: rtlOf, imp: impOf) + "\n\n"

        if !r.isEmpty {
            let figure = INRFigures.perImage(r)
            try figure.render(to: dir.file(figure.name + ".png")); files.append(dir.file(figure.name + ".png"))
            md += "## PSNR and mask similarity against sparsity (Fig. 5)\n\n![PSNR and mean mask Jaccard per image](\(figure.name).png)\n\n"
            md += "*Figure 5. RTL, one panel per image: PSNR of the whole image, each region rendered by its subnetwork as Alg. 1 trained it "
            md += "under that step's masks (solid, left axis), and mean Jaccard between region masks (dashed, right axis) against sparsity; "
            md += "dotted: the similarity onset found by the collapse detector (docs/collapse.md).*\n\n"
            md += INRTables.onsets(r) + "\n\n"
            md += try regionSections(r, dir: dir, files: &files, scatterLevel: scatterLevel)
        }
        for level in levels {
            let rows = images.map { i in (image: i, target: rtlOf(i)?.target ?? impOf(i)?.target, rtl: rtlOf(i)?.targets[level]?.reconstruction,
                                          imp: impOf(i)?.targets[level]?.reconstruction, rtlPSNR: rtlOf(i)?.targets[level]?.psnr, impPSNR: impOf(i)?.targets[level]?.psnr) }
            guard rows.contains(where: { $0.rtl != nil || $0.imp != nil }) else { continue }
            let name = "inr-reconstructions-\(Int((level * 100).rounded())).png"
            do { try INRFigures.reconstructions(rows: rows, level: level).render(to: dir.file(name)) } catch {
                throw ReportError.figure(name: name, reason: "\(error)")
            }
            files.append(dir.file(name))
            md += "## Reconstructions at \(Int((level * 100).rounded()))% sparsity\n\n![Reconstructions](\(name))\n\n"
            md += "*Target, RTL and IMP reconstructions after retraining at \(Int((level * 100).rounded()))% sparsity, PSNR under each (pixels drawn unsmoothed).*\n\n"
        }
        md += Provenance.section(runs: rtl + imp, steps: try (rtl + imp).map { try store.steps(of: $0) }, databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
    }

    /// Figs. 6–8 and the Spearman correlations between region PSNR and region similarity.
    static func regionSections(_ r: [INRRunResults], dir: ReportDirectory, files: inout [String], scatterLevel: Double) throws -> String {
        var md = "## Per-region PSNR and similarity (Figs. 6–8)\n\n"
        md += "For each region subnetwork: its PSNR on its own pixels (trained by Alg. 1 under that step's mask) and the mean Jaccard of its "
        md += "mask to the other regions' masks, at each pruning step. ρ(steps) is the Spearman correlation of the two curves over the steps.\n\n"
        md += "ρ(regions) is the Spearman correlation across one image's regions between region PSNR and region mean Jaccard after "
        md += "retraining at \(Int((scatterLevel * 100).rounded()))% sparsity (the paper's Fig. 8 P, within one image; with 3–6 regions per image it is weak evidence).\n\n"
        md += INRTables.regionCorrelations(r, level: scatterLevel) + "\n\n"
        var points: [(image: String, jaccard: Double, psnr: Double)] = []
        for run in r {
            guard let t = run.targets[scatterLevel] else { continue }
            for (p, j) in zip(t.regionPSNR, t.regionJaccard) { if let p, let j { points.append((run.image, j, p)) } }
        }
        if points.count >= 3, let rho = try? spearman(points.map(\.jaccard), points.map(\.psnr)) {
            let title = "Spearman ρ = \(formatFixed(rho.coefficient, 3)) (\(Markdown.pClause(rho.pValue)), n = \(rho.n))"
            let figure = INRFigures.scatter(points, level: scatterLevel, title: title)
            try figure.render(to: dir.file(figure.name + ".png")); files.append(dir.file(figure.name + ".png"))
            md += "![Region PSNR against region similarity](\(figure.name).png)\n\n"
            md += "*Figure 8 P. Region PSNR against the region's mean mask Jaccard after retraining at \(Int((scatterLevel * 100).rounded()))% sparsity, "
            md += "every region of every image (\(title)). The paper reports ρ ≈ 0.982 over the 15 regions of one image.*\n\n"
        }
        for run in r {
            guard let c = run.collapse else { continue }
            let regions = INRFigures.perRegion(run, collapse: c), centred = INRFigures.centred(run, collapse: c)
            for f in [regions, centred] { try f.render(to: dir.file(f.name + ".png")); files.append(dir.file(f.name + ".png")) }
            md += "### \(Markdown.escape(run.image))\n\n![Per-region PSNR and similarity](\(regions.name).png)\n\n"
            md += "*\(Markdown.escape(run.image)): region PSNR (solid, left) and mean Jaccard to the other regions (dashed, right) per region.*\n\n"
            md += "![Mean-centred](\(centred.name).png)\n\n*Both curves minus their own mean over the steps (paper Fig. 8 A–O).*\n\n"
        }
        return md
    }
}
