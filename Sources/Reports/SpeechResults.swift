import Audio
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
        let metrics = try store.metrics(of: run, split: .test).filter { $0.subnetwork == nil }
        let scenes: [String]
        if let d = run.dataset, d.hasPrefix("speech:") {
            scenes = d.dropFirst("speech:".count).split(separator: ",").map(String.init)
        } else {
            scenes = Set(metrics.compactMap { if case .sceneSISNRi(let scene)? = $0.metric { return scene } else { return nil } }).sorted()
        }
        let config = (try? JSONSerialization.jsonObject(with: Data(run.configJSON.utf8))) as? [String: Any]
        let sampleRate = config?["sample_rate"] as? Int ?? 16_000
        func waveform(_ key: CheckpointKey) throws -> [Float]? { try store.checkpoint(key, run: run).flatMap(decode) }
        var targets: [Double: TargetResult] = [:]
        for step in try store.steps(of: run) where step.stepPhase == .retrain {
            guard let t = step.targetSparsity else { continue }
            let at = metrics.filter { $0.step == step.index }
            var perScene: [String: Double] = [:], enhanced: [String: [Float]] = [:]
            for s in scenes {
                perScene[s] = at.first { $0.metric == .sceneSISNRi(s) }?.value
                enhanced[s] = try waveform(.enhanced(sparsity: t, scene: s))
            }
            targets[t] = TargetResult(mean: at.first { $0.metric == .siSNRi }?.value, perScene: perScene,
                                      params: at.first { $0.metric == .params }?.value, enhanced: enhanced)
        }
        var noisy: [String: [Float]] = [:], clean: [String: [Float]] = [:]
        for s in scenes {
            noisy[s] = try waveform(.noisy(scene: s))
            clean[s] = try waveform(.clean(scene: s))
        }
        return SpeechRunResults(run: run, scenes: scenes, sampleRate: sampleRate, targets: targets, noisy: noisy, clean: clean)
    }

    /// Samples from the blob a speech run stores (``RawSamples``); nil for an empty or malformed blob.
    static func decode(_ data: Data) -> [Float]? {
        data.isEmpty ? nil : RawSamples.decode(data)
    }
}
