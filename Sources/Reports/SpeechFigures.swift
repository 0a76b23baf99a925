import Audio
import Foundation
import Plots

/// The spectrogram figure of the speech report (paper Fig. 12).
enum SpeechFigures {
    /// A magnitude spectrogram in dB pooled to at most `maxRows` frequency bands × `maxColumns` time
    /// cells (power averaged within a cell), rows from the highest band (top) to the lowest (bottom).
    struct Picture {
        let values: [[Double]]
        /// Hz per row band and seconds per column.
        let bandHz: Double
        let cellSeconds: Double
    }

    static let maxRows = 128, maxColumns = 128
    /// Dynamic range drawn below the loudest cell of the figure.
    static let rangeDB = 70.0

    static func picture(_ samples: [Float], sampleRate: Int) throws -> Picture {
        let stft = try STFT()
        let s = try stft.forward(samples)
        let bins = s.frequencies - 1   // the Nyquist bin is left out
        let rows = min(maxRows, bins), binsPerRow = bins / rows
        let framesPerColumn = (s.frames + maxColumns - 1) / maxColumns
        let columns = (s.frames + framesPerColumn - 1) / framesPerColumn
        var values = Array(repeating: [Double](repeating: 0, count: columns), count: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                var power = 0.0, n = 0
                for f in r * binsPerRow..<(r + 1) * binsPerRow {
                    for t in c * framesPerColumn..<min((c + 1) * framesPerColumn, s.frames) {
                        let (re, im) = s[f, t]
                        power += Double(re * re + im * im); n += 1
                    }
                }
                values[rows - 1 - r][c] = 10 * log10(power / Double(n) + 1e-12)
            }
        }
        return Picture(values: values, bandHz: Double(sampleRate) / 2 / Double(rows),
                       cellSeconds: Double(framesPerColumn * stft.hopLength) / Double(sampleRate))
    }

    /// Row labels at whole kHz (every 1, 2 or 4 kHz, at most five), empty elsewhere; row 0 is the top.
    static func frequencyLabels(_ p: Picture) -> [String] {
        let rows = p.values.count, top = p.bandHz * Double(rows) / 1000
        let step = [1.0, 2, 4, 8, 16].first { top / $0 <= 5 } ?? 32
        var labels = [String](repeating: "", count: rows)
        var k = 0.0
        while k * step <= top {
            let band = min(rows - 1, Int(k * step * 1000 / p.bandHz))
            labels[rows - 1 - band] = "\(Int(k * step)) kHz"
            k += 1
        }
        return labels
    }

    /// Column labels at whole seconds (every 1, 2, 5 or 10 s, at most six), empty elsewhere.
    static func timeLabels(_ p: Picture) -> [String] {
        let columns = p.values[0].count, length = p.cellSeconds * Double(columns)
        let step = [1.0, 2, 5, 10, 20, 60].first { length / $0 <= 6 } ?? 120
        var labels = [String](repeating: "", count: columns)
        var k = 0.0
        while k * step < length {
            labels[Int(k * step / p.cellSeconds)] = "\(Int(k * step)) s"
            k += 1
        }
        return labels
    }

    /// Fig. 12: one row per scene (named in its first panel's title), one column per signal (noisy, clean,
    /// then each method's output), the magnitude in dB on one colour scale.
    static func spectrograms(rows: [(scene: String, panels: [(title: String, picture: Picture)])], level: Double) -> ReportFigure {
        let loudest = rows.flatMap { $0.panels.flatMap { $0.picture.values.flatMap { $0 } } }.max() ?? 0
        let charts: [Chart] = rows.flatMap { row in
            row.panels.enumerated().map { column, panel in
                .heatmap(Heatmap(title: column == 0 ? "\(row.scene): \(panel.title)" : panel.title, values: panel.picture.values, rowLabels: frequencyLabels(panel.picture),
                                 columnLabels: timeLabels(panel.picture), colorMap: .viridis, range: (loudest - rangeDB)...loudest,
                                 colorBarLabel: "Magnitude (dB)"))
            }
        }
        let columns = rows.first?.panels.count ?? 1
        let figure = Figure(charts, title: "Spectrograms at \(SpeechTables.pct(level)) sparsity (frequency up, time across)",
                            columns: columns, sharing: [.x, .y, .colorScale], panelLetters: true)
        return ReportFigure(name: "speech-spectrograms", figure: figure,
                            size: .inches(width: 2 + 1.9 * Double(columns), height: 0.7 + 2.0 * Double(rows.count), dpi: 120))
    }
}
