/// The tables of the speech report (paper Table 3 layout).
enum SpeechTables {
    /// One compared method: its label and results (nil when not given).
    typealias Entry = (label: String, results: SpeechRunResults)

    static func pct(_ l: Double) -> String { Format.percent(l) }

    /// The paper's Table 3 (SI-SNRi in dB, #params) for quoting beside ours.
    static let paper: [(label: String, snr: [String], params: [String])] = [
        ("RTL (ours)", ["7.248", "7.178", "6.992"], ["32.0K", "22.8K", "12.3K"]),
        ("IMP (single model)", ["6.885", "6.97", "6.967"], ["28.0K", "18.6K", "9.3K"]),
        ("IMP (multiple model)", ["5.295", "5.775", "5.899"], ["84.1K", "56.1K", "28.0K"]),
    ]

    /// Cells of one column, best in bold when more than one value is present.
    static func column(_ values: [Double?], higherIsBetter: Bool, format: (Double?) -> String) -> [ReportText] {
        let present = values.compactMap { $0 }
        let best = higherIsBetter ? present.max() : present.min()
        return values.map { v in Format.marked(format(v), v != nil && v == best && present.count > 1) }
    }

    /// Table 3: methods as rows; mean SI-SNRi over scenes and #params at each level.
    static func main(_ entries: [Entry], levels: [Double]) -> ReportTable {
        let snr = levels.map { l in column(entries.map { $0.results.targets[l]?.mean }, higherIsBetter: true) { Format.number($0, 3) } }
        let params = levels.map { l in column(entries.map { $0.results.targets[l]?.params }, higherIsBetter: false) { Format.count($0) } }
        let rows = entries.indices.map { i in [ReportText(entries[i].label)] + snr.map { $0[i] } + params.map { $0[i] } }
        let header = ["Method"] + levels.map { "SI-SNRi ↑ \(pct($0))" } + levels.map { "#Params ↓ \(pct($0))" }
        return ReportTable(header: header, rows: rows, alignment: ReportTable.labelThenNumbers(header.count))
    }

    /// Per scene: one row per scene and method, SI-SNRi at each level, best per scene and level in bold.
    static func perScene(_ entries: [Entry], scenes: [String], levels: [Double]) -> ReportTable {
        var rows: [[ReportText]] = []
        for scene in scenes {
            let cells = levels.map { l in column(entries.map { $0.results.targets[l]?.perScene[scene] }, higherIsBetter: true) { Format.number($0, 3) } }
            rows += entries.indices.map { i in [ReportText(scene), ReportText(entries[i].label)] + cells.map { $0[i] } }
        }
        return ReportTable(header: ["Scene", "Method"] + levels.map { "SI-SNRi ↑ \(pct($0))" }, rows: rows,
                           alignment: ReportTable.labelThenNumbers(2 + levels.count, labels: 2))
    }

    /// The paper's numbers, verbatim (SI-SNRi in dB).
    static var paperTable: ReportTable {
        ReportTable(header: ["Method (paper)", "SI-SNRi 25%", "SI-SNRi 50%", "SI-SNRi 75%", "#Params 25%", "#Params 50%", "#Params 75%"],
                    rows: paper.map { ([$0.label] + $0.snr + $0.params).map { ReportText($0) } }, alignment: ReportTable.labelThenNumbers(7))
    }
}
