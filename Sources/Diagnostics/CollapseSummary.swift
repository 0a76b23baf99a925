import Foundation

/// Plain-language summary of a collapse report, for terminals and Markdown reports.
public enum CollapseSummary {
    /// One or two sentences: where the run's similarity changes abruptly, how many subnetworks
    /// show an onset, and whether similarity led accuracy.
    public static func sentences(_ r: CollapseReport) -> String {
        let n = r.subnetworks.count
        let withSim = r.subnetworks.filter { $0.similarityOnset != nil }
        if let why = OnsetDetector.tooShort(r.steps.count) { return "No onset can be found: the run has \(why)." }
        var first: String
        if let o = r.runSimilarityOnset {
            let verb = o.direction == .rise ? "turns upward" : "turns downward"
            first = "\(r.measure.label) \(verb) after sparsity \(fmt(o.fromX)): by \(fmt(o.x)) it departs from its earlier trend, "
                + "reaching \(fmt(abs(o.size))) \(o.direction == .rise ? "above" : "below") it\(o.confirmed ? "" : " (provisional: only \(o.pointsAfter) later step\(o.pointsAfter == 1 ? "" : "s"))")"
            first += withSim.isEmpty ? "." : "; \(withSim.count) of \(n) subnetworks show their own onset."
        } else {
            first = withSim.isEmpty ? "No subnetwork shows a change of slope or level in mask similarity: no collapse detected."
                : "The run's mean similarity changes smoothly, but \(withSim.count) of \(n) subnetworks show an onset of their own."
        }
        guard r.accuracySplit != nil else { return first + " No quality metric (balanced accuracy, PSNR or SI-SNRi) is recorded, so accuracy onsets and leads are unavailable." }
        let leads = r.subnetworks.compactMap(\.lead)
        if leads.isEmpty {
            return first + (r.runAccuracyOnset.map { " \(r.metricLabel.components(separatedBy: " (").first!) drops from sparsity \(fmt($0.fromX)), with no similarity onset to compare." }
                            ?? " No accuracy collapse is detected.")
        }
        let ahead = leads.filter { $0 > 0 }.count, same = leads.filter { $0 == 0 }.count
        return first + " Similarity moved before accuracy in \(ahead) and together with it in \(same) of \(leads.count) subnetworks with both onsets (median lead \(fmt(median(leads))))."
    }

    private static func fmt(_ x: Double) -> String { String(format: "%.3f", x) }
}
