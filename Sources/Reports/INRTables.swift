import Diagnostics
import Statistics

/// The tables and sentences of the INR report.
enum INRTables {
    typealias Lookup = (String) -> INRRunResults?

    static func pct(_ l: Double) -> String { Format.percent(l) }

    static func mean(_ v: [Double?]) -> Double? {
        let p = v.compactMap { $0 }
        return p.isEmpty || p.count < v.count ? nil : p.reduce(0, +) / Double(p.count)
    }

    /// One sentence per target: mean PSNR of both methods and the gap.
    static func summary(images: [String], levels: [Double], rtl: Lookup, imp: Lookup) -> String {
        let parts = levels.compactMap { l -> String? in
            guard let a = mean(images.map { rtl($0)?.targets[l]?.psnr }), let b = mean(images.map { imp($0)?.targets[l]?.psnr }) else { return nil }
            let wins = images.filter { (rtl($0)?.targets[l]?.psnr ?? -.infinity) > (imp($0)?.targets[l]?.psnr ?? .infinity) }.count
            return "at \(pct(l)) RTL \(formatFixed(a, 2)) dB vs IMP \(formatFixed(b, 2)) dB (\(a >= b ? "+" : "")\(formatFixed(a - b, 2)) dB, RTL ahead on \(wins)/\(images.count) images)"
        }
        guard !parts.isEmpty else { return "Both methods are needed for the comparison; the tables show what is stored." }
        return "Mean PSNR over \(images.count) images: " + parts.joined(separator: "; ") + ". The paper (ADE20K, Table 6 means) reports RTL ahead by 2.9 / 2.5 / 2.2 dB at 25 / 50 / 75%."
    }

    /// Table 2: methods as rows, PSNR and #params per target.
    static func means(images: [String], levels: [Double], rtl: @escaping Lookup, imp: @escaping Lookup) -> ReportTable {
        let rows: [(String, Lookup)] = [("RTL", rtl), ("IMP (single model)", imp)]
        let psnr = rows.map { _, f in levels.map { l in mean(images.map { f($0)?.targets[l]?.psnr }) } }
        let params = rows.map { _, f in levels.map { l in mean(images.map { f($0)?.targets[l]?.params }) } }
        func cells(_ m: [[Double?]], higher: Bool, format: (Double?) -> String) -> [[ReportText]] {
            m.map { row in row.enumerated().map { li, v in
                let column = m.compactMap { $0[li] }
                let best = higher ? column.max() : column.min()
                return Format.marked(format(v), v != nil && v == best && column.count > 1)
            } }
        }
        let p = cells(psnr, higher: true) { Format.number($0, 2) }, q = cells(params, higher: false) { Format.count($0) }
        let header = ["Method"] + levels.map { "PSNR ↑ \(pct($0))" } + levels.map { "#Params ↓ \(pct($0))" }
        return ReportTable(header: header, rows: rows.indices.map { [ReportText(rows[$0].0)] + p[$0] + q[$0] },
                           alignment: ReportTable.labelThenNumbers(header.count))
    }

    /// Table 6: one row per image, RTL then IMP PSNR per target, better of each pair in bold.
    static func perImage(images: [String], levels: [Double], rtl: Lookup, imp: Lookup) -> ReportTable {
        var rows = images.map { i -> [ReportText] in
            let a = levels.map { rtl(i)?.targets[$0]?.psnr }, b = levels.map { imp(i)?.targets[$0]?.psnr }
            func cell(_ x: Double?, _ y: Double?) -> ReportText {
                guard let x, let y else { return ReportText(Format.number(x, 2)) }
                return Format.marked(Format.number(x, 2), x > y)
            }
            return [ReportText(i), "\(rtl(i)?.regionNames.count ?? 0)"] + zip(a, b).map { cell($0, $1) } + zip(b, a).map { cell($0, $1) }
        }
        rows.append([.strong("mean"), ""] + levels.map { l in ReportText(Format.number(mean(images.map { rtl($0)?.targets[l]?.psnr }), 2)) }
                    + levels.map { l in ReportText(Format.number(mean(images.map { imp($0)?.targets[l]?.psnr }), 2)) })
        let header = ["Image", "Regions"] + levels.map { "RTL \(pct($0))" } + levels.map { "IMP \(pct($0))" }
        return ReportTable(header: header, rows: rows, alignment: ReportTable.labelThenNumbers(header.count))
    }

    /// Where similarity and PSNR change sharply, per image: a sentence and a table.
    static func addOnsets(_ r: [INRRunResults], to doc: inout ReportDocument) {
        func cell(_ o: Onset?) -> ReportText { ReportText(o.map { "\(formatFixed($0.x, 3)) (\($0.direction.rawValue) \(formatFixed(abs($0.size), 3)))" } ?? "none") }
        doc.paragraph("Where the curves change sharply (run level; each onset: its sparsity, then whether the curve bends up (rise) or down (fall) and how far it ends up from the continuation of its earlier trend, in Jaccard or dB; lead = PSNR onset − similarity onset, positive when similarity moved first):")
        doc.table(ReportTable(header: ["Image", "Similarity onset", "PSNR onset", "Lead"], rows: r.map { run in
            [ReportText(run.image), cell(run.collapse?.runSimilarityOnset), cell(run.collapse?.runAccuracyOnset), ReportText(Format.number(run.collapse?.runLead))]
        }, alignment: ReportTable.labelThenNumbers(4)))
    }

    /// Spearman ρ between region PSNR and region similarity over the pruning steps, per region.
    static func regionCorrelations(_ r: [INRRunResults], level: Double) -> ReportTable {
        let rows = r.compactMap { run -> [ReportText]? in
            guard let c = run.collapse else { return nil }
            let rhos = c.subnetworks.map { s -> Double? in
                let pairs = zip(s.accuracy, s.similarity).compactMap { a, j in a.map { ($0, j) } }
                return pairs.count >= 3 ? (try? spearman(pairs.map(\.0), pairs.map(\.1)))?.coefficient : nil
            }
            let present = rhos.compactMap { $0 }.sorted()
            let median = present.isEmpty ? nil : present[present.count / 2]
            var across = "–"
            if let t = run.targets[level] {
                let pairs = zip(t.regionPSNR, t.regionJaccard).compactMap { p, j in p.flatMap { p in j.map { (p, $0) } } }
                if pairs.count >= 3, let rho = try? spearman(pairs.map(\.1), pairs.map(\.0)) {
                    across = "\(formatFixed(rho.coefficient, 2)) (\(Format.pClause(rho.pValue)))"
                }
            }
            return [ReportText(run.image), ReportText(rhos.map { Format.number($0, 2) }.joined(separator: ", ")), ReportText(Format.number(median, 2)), ReportText(across)]
        }
        return ReportTable(header: ["Image", "ρ(steps) per region", "Median", "ρ(regions) at \(pct(level))"], rows: rows, alignment: [.left, .left, .right, .right])
    }
}
