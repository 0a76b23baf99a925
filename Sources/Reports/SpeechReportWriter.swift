import Audio
import Foundation
import RunStore

/// Writes `DIR/README.md` for speech-enhancement runs (paper section 4.4, Table 3, Fig. 12): SI-SNRi
/// and #params at each target per method (mean over scenes, and per scene) beside the paper's numbers,
/// the spectrogram figure at 50% sparsity (else the middle target), and the example WAV files.
public enum SpeechReportWriter {
    /// Writes the report for any of the three methods' runs; returns the files written (README first).
    @discardableResult
    public static func write(store: RunStore, rtl: RunInfo?, impSingle: RunInfo?, impMulti: RunInfo?, to directory: String,
                             toolVersion: String) throws -> [String] {
        let given = [("RTL", "rtl", rtl), ("IMP (single model)", "imp-single", impSingle), ("IMP (multiple model)", "imp-multi", impMulti)]
            .compactMap { label, slug, run in run.map { (label, slug, $0) } }
        guard !given.isEmpty else { throw ReportError.noRuns }
        let dir = try ReportDirectory(directory)
        let entries = try given.map { (label: $0.0, slug: $0.1, results: try SpeechRunResults.load(store: store, run: $0.2)) }
        let tableEntries = entries.map { (label: $0.label, results: $0.results) }
        let scenes = entries.flatMap(\.results.scenes).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let levels = Set(entries.flatMap(\.results.targets.keys)).sorted()
        var files: [String] = []
        var md = "# Speech enhancement with scene-specific tickets\n\n"
        md += entries.map { "\($0.label): `\(Markdown.escape($0.results.run.name))`" }.joined(separator: "; ") + ". "
        md += "Scenes: \(scenes.joined(separator: ", ")).\n\n"
        md += "## Table 3: SI-SNRi (dB), mean over scenes\n\n" + SpeechTables.main(tableEntries, levels: levels) + "\n\n"
        md += "SI-SNRi = SI-SNR(enhanced, clean) − SI-SNR(noisy, clean) on the fixed test pairs after retraining at each target, "
        md += "averaged over a scene's pairs, then over scenes. #Params = kept weights of the U-Net's ten convolution kernels "
        md += "(union of the scene masks for RTL, their sum for IMP multi). Best per column in bold.\n\n"
        md += "The paper (Table 3; DNS Challenge 2020 speech with TAU Urban Acoustic Scenes 2020 noise, 10 s clips, "
        md += "10 + 10 epochs per phase on an H100):\n\n" + SpeechTables.paperTable + "\n\n"
        md += "## SI-SNRi per scene\n\n" + SpeechTables.perScene(tableEntries, scenes: scenes, levels: levels) + "\n\n"

        if let level = levels.contains(0.5) ? 0.5 : levels.isEmpty ? nil : levels[levels.count / 2] {
            md += try examples(entries.map { ($0.label, $0.slug, $0.results) }, scenes: scenes, level: level, dir: dir, files: &files)
        }
        let runs = entries.map(\.results.run)
        md += Provenance.section(runs: runs, steps: try runs.map { try store.steps(of: $0) }, databasePath: store.path, toolVersion: toolVersion)
        try dir.write(md, to: "README.md")
        return [dir.file("README.md")] + files
    }

    /// Fig. 12 and the WAV files of one example per scene at `level`.
    static func examples(_ entries: [(label: String, slug: String, results: SpeechRunResults)], scenes: [String], level: Double,
                         dir: ReportDirectory, files: inout [String]) throws -> String {
        let pct = SpeechTables.pct(level)
        let methods = entries.filter { $0.slug != "imp-multi" || !entries.contains { $0.slug == "imp-single" } }
        var rows: [(scene: String, panels: [(title: String, picture: SpeechFigures.Picture)])] = []
        var listing: [[String]] = []
        for scene in scenes {
            guard let source = entries.first(where: { $0.results.noisy[scene] != nil && $0.results.clean[scene] != nil }),
                  let noisy = source.results.noisy[scene], let clean = source.results.clean[scene] else { continue }
            let rate = source.results.sampleRate
            let outputs = entries.map { e in (e.label, e.slug, e.results.targets[level]?.enhanced[scene]) }
            // One gain per scene keeps the files' relative levels and avoids clipping.
            let peak = ([noisy, clean] + outputs.compactMap(\.2)).flatMap { $0 }.map(abs).max() ?? 1
            let gain = peak > 0.99 ? 0.99 / peak : 1
            func wav(_ samples: [Float], _ name: String) throws -> String {
                do { try WAVFile.write(samples.map { $0 * gain }, sampleRate: rate, path: dir.file(name)) } catch {
                    throw ReportError.unwritableDirectory(path: dir.path, reason: "writing \(name) failed (\(error))")
                }
                files.append(dir.file(name))
                return "[\(name)](\(name))"
            }
            var row = [Markdown.escape(scene), try wav(noisy, "\(scene)-noisy.wav"), try wav(clean, "\(scene)-clean.wav")]
            var panels = [("noisy", try SpeechFigures.picture(noisy, sampleRate: rate)), ("clean", try SpeechFigures.picture(clean, sampleRate: rate))]
            for (label, slug, enhanced) in outputs {
                guard let enhanced, enhanced.count == clean.count else { row.append("–"); continue }
                let improvement = try SISNR.improvement(estimate: enhanced, noisy: noisy, clean: clean)
                row.append(try wav(enhanced, "\(scene)-\(slug)-\(Int((level * 100).rounded())).wav") + " (\(formatFixed(improvement, 2)) dB)")
                if methods.contains(where: { $0.slug == slug }) {
                    let short = ["rtl": "RTL", "imp-single": "IMP single", "imp-multi": "IMP multi"][slug] ?? label
                    panels.append(("\(short), \(formatFixed(improvement, 1)) dB", try SpeechFigures.picture(enhanced, sampleRate: rate)))
                }
            }
            rows.append((scene, panels))
            listing.append(row)
        }
        guard !rows.isEmpty else { return "" }
        let figure = SpeechFigures.spectrograms(rows: rows, level: level)
        try figure.render(to: dir.file(figure.name + ".png"))
        files.insert(dir.file(figure.name + ".png"), at: 0)
        var md = "## Spectrograms at \(pct) sparsity (Fig. 12)\n\n![Noisy, clean and enhanced spectrograms per scene](\(figure.name).png)\n\n"
        md += "*Figure 12. One row per scene (its first test pair): noisy input, clean target and the enhanced outputs after retraining at "
        md += "\(pct) sparsity, with each output's SI-SNRi on this example. Magnitude of the 1024-point STFT (hop 256) in dB, averaged "
        md += "into at most \(SpeechFigures.maxRows) frequency bands × \(SpeechFigures.maxColumns) time cells, on one colour scale spanning "
        md += "\(Int(SpeechFigures.rangeDB)) dB below the loudest cell; frequency rises upwards.*\n\n"
        md += "## Listening examples at \(pct) sparsity\n\n"
        md += "16-bit WAV files; the files of one scene share one gain (peak 0.99 when anything would clip), so their levels compare. "
        md += "In brackets: SI-SNRi of that example.\n\n"
        md += Markdown.table(["Scene", "Noisy", "Clean"] + entries.map(\.label), listing) + "\n\n"
        return md
    }
}
