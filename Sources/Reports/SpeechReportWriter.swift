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
        var doc = ReportDocument(title: "Speech enhancement with scene-specific tickets")
        doc.paragraph(ReportText.joined(entries.map { "\($0.label): \(code: $0.results.run.name)" }, separator: "; ")
            + ". Scenes: \(scenes.joined(separator: ", ")).")
        doc.heading("Table 3: SI-SNRi (dB), mean over scenes")
        doc.table(SpeechTables.main(tableEntries, levels: levels))
        doc.paragraph("SI-SNRi = SI-SNR(enhanced, clean) − SI-SNR(noisy, clean) on the fixed test pairs after retraining at each target, "
            + "averaged over a scene's pairs, then over scenes. #Params = kept weights of the U-Net's ten convolution kernels "
            + "(union of the scene masks for RTL, their sum for IMP multi). Best per column in bold.")
        doc.paragraph("The paper (Table 3; DNS Challenge 2020 speech with TAU Urban Acoustic Scenes 2020 noise, 10 s clips, "
            + "10 + 10 epochs per phase on an H100):")
        doc.table(SpeechTables.paperTable)
        doc.heading("SI-SNRi per scene")
        doc.table(SpeechTables.perScene(tableEntries, scenes: scenes, levels: levels))

        if let level = levels.contains(0.5) ? 0.5 : levels.isEmpty ? nil : levels[levels.count / 2] {
            try addExamples(entries.map { ($0.label, $0.slug, $0.results) }, scenes: scenes, level: level, to: &doc)
        }
        doc.provenance(try ReportProvenance(store: store, runs: entries.map(\.results.run), toolVersion: toolVersion))
        return try doc.write(to: dir)
    }

    /// Fig. 12 and the WAV files of one example per scene at `level`.
    static func addExamples(_ entries: [(label: String, slug: String, results: SpeechRunResults)], scenes: [String], level: Double,
                            to doc: inout ReportDocument) throws {
        let pct = SpeechTables.pct(level)
        let methods = entries.filter { $0.slug != "imp-multi" || !entries.contains { $0.slug == "imp-single" } }
        var rows: [(scene: String, panels: [(title: String, picture: SpeechFigures.Picture)])] = []
        var listing: [[ReportText]] = []
        var examples: [(name: String, data: Data)] = []
        for scene in scenes {
            guard let source = entries.first(where: { $0.results.noisy[scene] != nil && $0.results.clean[scene] != nil }),
                  let noisy = source.results.noisy[scene], let clean = source.results.clean[scene] else { continue }
            let rate = source.results.sampleRate
            let outputs = entries.map { e in (e.label, e.slug, e.results.targets[level]?.enhanced[scene]) }
            // One gain per scene keeps the files' relative levels and avoids clipping.
            let peak = ([noisy, clean] + outputs.compactMap(\.2)).flatMap { $0 }.map(abs).max() ?? 1
            let gain = peak > 0.99 ? 0.99 / peak : 1
            func wav(_ samples: [Float], _ name: String) throws -> ReportText {
                examples.append((name, try WAVFile(samples: samples.map { $0 * gain }, sampleRate: rate).encoded(file: name)))
                return "\(link: name, to: name)"
            }
            var row = [ReportText(scene), try wav(noisy, "\(scene)-noisy.wav"), try wav(clean, "\(scene)-clean.wav")]
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
        guard !rows.isEmpty else { return }
        doc.heading("Spectrograms at \(pct) sparsity (Fig. 12)")
        doc.figure(SpeechFigures.spectrograms(rows: rows, level: level), alt: "Noisy, clean and enhanced spectrograms per scene",
                   caption: "One row per scene (its first test pair): noisy input, clean target and the enhanced outputs after retraining at "
                       + "\(pct) sparsity, with each output's SI-SNRi on this example. Magnitude of the 1024-point STFT (hop 256) in dB, averaged "
                       + "into at most \(SpeechFigures.maxRows) frequency bands × \(SpeechFigures.maxColumns) time cells, on one colour scale spanning "
                       + "\(Int(SpeechFigures.rangeDB)) dB below the loudest cell; frequency rises upwards (paper Fig. 12).")
        doc.heading("Listening examples at \(pct) sparsity")
        doc.paragraph("16-bit WAV files; the files of one scene share one gain (peak 0.99 when anything would clip), so their levels compare. "
            + "In brackets: SI-SNRi of that example.")
        doc.table(ReportTable(header: ["Scene", "Noisy", "Clean"] + entries.map(\.label), rows: listing))
        for example in examples { doc.attach(example.name, data: example.data) }
    }
}
