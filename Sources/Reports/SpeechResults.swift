import Foundation
import RunStore

/// What the speech report reads from one speech run (paper section 4.4, appendix D): SI-SNRi per
/// scene and #params at each target sparsity, and the stored example waveforms.
struct SpeechRunResults {
    let run: RunInfo
    /// Scene labels, in subnetwork order (from the run's dataset field `speech:a,b,c`).
    let scenes: [String]
    let sampleRate: Int
    /// At each target sparsity.
    let targets: [Double: TargetResult]
    /// Per scene: the noisy and clean example (nil when not stored).
    let noisy: [String: [Float]]
    let clean: [String: [Float]]

    struct TargetResult {
        /// Mean SI-SNRi over scenes (`si_snri`, run level, split test).
        let mean: Double?
        /// `si_snri.<scene>` per scene.
        let perScene: [String: Double]
        let params: Double?
        /// The enhanced example per scene.
        let enhanced: [String: [Float]]
    }

    static func load(store: RunStore, run: RunInfo) throws -> SpeechRunResults {
        let metrics = try store.metrics(of: run, split: "test").filter { $0.subnetwork == nil }
        let scenes: [String]
        if let d = run.dataset, d.hasPrefix("speech:") {
            scenes = d.dropFirst("speech:".count).split(separator: ",").map(String.init)
        } else {
            scenes = Set(metrics.map(\.name).filter { $0.hasPrefix("si_snri.") }.map { String($0.dropFirst("si_snri.".count)) }).sorted()
        }
        let config = (try? JSONSerialization.jsonObject(with: Data(run.configJSON.utf8))) as? [String: Any]
        let sampleRate = config?["sample_rate"] as? Int ?? 16_000
        func waveform(_ name: String) throws -> [Float]? { try store.checkpoint(name, run: run).flatMap(decode) }
        var targets: [Double: TargetResult] = [:]
        for step in try store.steps(of: run) where step.phase == "retrain" {
            guard let t = step.targetSparsity else { continue }
            let at = metrics.filter { $0.step == step.index }
            var perScene: [String: Double] = [:], enhanced: [String: [Float]] = [:]
            for s in scenes {
                perScene[s] = at.first { $0.name == "si_snri.\(s)" }?.value
                enhanced[s] = try waveform("enhanced@\(t)/\(s)")
            }
            targets[t] = TargetResult(mean: at.first { $0.name == "si_snri" }?.value, perScene: perScene,
                                      params: at.first { $0.name == "params" }?.value, enhanced: enhanced)
        }
        var noisy: [String: [Float]] = [:], clean: [String: [Float]] = [:]
        for s in scenes {
            noisy[s] = try waveform("noisy/\(s)")
            clean[s] = try waveform("clean/\(s)")
        }
        return SpeechRunResults(run: run, scenes: scenes, sampleRate: sampleRate, targets: targets, noisy: noisy, clean: clean)
    }

    /// Samples from the little-endian Float32 blob a speech run stores; nil for a malformed blob.
    static func decode(_ data: Data) -> [Float]? {
        guard data.count % 4 == 0, !data.isEmpty else { return nil }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}
