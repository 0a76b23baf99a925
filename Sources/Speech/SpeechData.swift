import Audio
import Foundation
import PruningCore
import NN

/// Everything a speech run reads, loaded and checked before the run is created: the clean and noise
/// files of the index resampled to the config's rate, the fixed training mixtures per scene and the
/// test pairs, with their noisy STFTs.
///
/// Training mixtures are made once from the seed (so every method and every resume sees the same
/// ones): scene s's mixture j takes a clean clip and a noise clip of s drawn uniformly, a crop of the
/// clean clip of the training length at a uniform offset, the noise from a uniform offset (looped when
/// it runs out, cropped otherwise) and an SNR drawn uniformly from the range.
public struct SpeechData: Sendable {
    /// Scene labels in subnetwork order.
    public let scenes: [String]
    public let sampleRate: Int
    /// Training clip length in samples.
    public let clipLength: Int
    /// Fixed training mixtures, per scene.
    public let train: [[SpeechMixture]]
    /// Fixed test mixtures, per scene, in index order.
    public let test: [[SpeechMixture]]
    /// Where the data came from (the index path).
    public let source: String
    /// Random crop starts drawn for a training mixture before a clip that is silent throughout is an error.
    static let cropDraws = 100

    /// Loads the index at `directory/index.json` and every file it names for `config`.
    /// - Throws: one-line errors naming the file or key: missing or malformed index, unknown scene
    ///   (in the config or a test pair), a scene without noise files or test pairs, a missing, non-WAV,
    ///   truncated, empty or silent file, clips too short for the STFT.
    public static func load(directory: String, config: SpeechConfig, stft: STFT) throws -> SpeechData {
        let indexPath = (directory as NSString).appendingPathComponent("index.json")
        let index = try SpeechIndex.read(path: indexPath)
        func fail(_ m: String) -> LotteryError { .config("'\(indexPath)': \(m)") }
        let known = index.train.noise.keys.sorted()
        let scenes = config.scenes ?? known
        guard !scenes.isEmpty else { throw fail("train.noise lists no scene") }
        for s in scenes where !known.contains(s) {
            throw fail("scene '\(s)' has no noise files in train.noise (scenes: \(known.joined(separator: ", ")))")
        }
        if config.method == .rtl, scenes.count < 2 { throw fail("speech-rtl needs two or more scenes, the index has \(scenes.count)") }
        for (i, p) in index.test.pairs.enumerated() where !known.contains(p.scene) {
            throw fail("test pair \(i) (\(p.clean)) has unknown scene label '\(p.scene)' (scenes: \(known.joined(separator: ", ")))")
        }
        for s in scenes {
            guard !(index.train.noise[s] ?? []).isEmpty else { throw fail("scene '\(s)' has an empty noise list") }
            guard index.test.pairs.contains(where: { $0.scene == s }) else { throw fail("scene '\(s)' has no test pairs") }
        }
        guard !index.train.clean.isEmpty else { throw fail("train.clean is empty") }
        let range = config.snrDB ?? index.train.snrDB
        guard range.count == 2, range[0].isFinite, range[1].isFinite, range[0] <= range[1] else {
            throw fail("train.snr_db must be [low, high] with low ≤ high")
        }
        for (i, p) in index.test.pairs.enumerated() where !p.snrDB.isFinite { throw fail("test pair \(i) has a non-finite snr_db") }

        var cache: [String: [Float]] = [:]
        func audio(_ relative: String) throws -> [Float] {
            if let cached = cache[relative] { return cached }
            let path = (directory as NSString).appendingPathComponent(relative)
            let file = try WAVFile.read(path: path)
            let samples = file.sampleRate == config.sampleRate ? file.samples
                : try Resampler.resample(file.samples, from: file.sampleRate, to: config.sampleRate)
            guard samples.count > stft.fftSize / 2 else {
                throw LotteryError.config("'\(path)': \(samples.count) samples at \(config.sampleRate) Hz; the STFT needs more than \(stft.fftSize / 2)")
            }
            guard samples.contains(where: { $0 != 0 }) else { throw LotteryError.config("'\(path)': the audio is silent (all zeros)") }
            cache[relative] = samples
            return samples
        }
        let clean = try index.train.clean.map(audio)
        let noise = try scenes.map { try index.train.noise[$0]!.map(audio) }
        let shortest = clean.map(\.count).min()!
        let clipLength = min(shortest, config.clipSeconds.map { Int(($0 * Double(config.sampleRate)).rounded()) } ?? shortest)
        guard clipLength > stft.fftSize / 2 else { throw fail("clip_seconds gives \(clipLength) samples; the STFT needs more than \(stft.fftSize / 2)") }

        let perScene = config.mixturesPerScene ?? clean.count
        // Each training mixture keeps its clean and noisy clip and the noisy spectrogram (about four
        // floats per sample at 75% frame overlap, real and imaginary parts).
        try MemoryBudget.check(count: perScene, bytesPerItem: scenes.count * clipLength * MemoryLayout<Float>.size * 6,
                               key: "mixtures_per_scene", what: "training mixtures")
        let train = try scenes.indices.map { s in
            var generator = SeededGenerator(seed: PruningDriver.seed(config.seed, phase: .dataSynthesis, iteration: 0, subnetwork: s))
            return try (0..<perScene).map { _ in
                let which = Int.random(in: 0..<clean.count, using: &generator)
                let speech = clean[which]
                let noiseClip = noise[s][Int.random(in: 0..<noise[s].count, using: &generator)]
                var start = Int.random(in: 0...(speech.count - clipLength), using: &generator)
                let offset = Int.random(in: 0..<noiseClip.count, using: &generator)
                let snr = range[0] + (range[1] - range[0]) * generator.nextUnitDouble()
                // A short crop can land in a pause of the speech: draw its start again (from the same
                // seeded generator, so every run draws alike; crops with speech are unchanged).
                var draws = 1
                while !speech[start..<start + clipLength].contains(where: { $0 != 0 }) {
                    guard draws < Self.cropDraws else {
                        throw fail("'\(index.train.clean[which])': \(Self.cropDraws) random crops of \(clipLength) samples were all silent; raise clip_seconds")
                    }
                    start = Int.random(in: 0...(speech.count - clipLength), using: &generator)
                    draws += 1
                }
                return try SpeechMixture(scene: s, clean: Array(speech[start..<start + clipLength]), noise: noiseClip, snr: snr, offset: offset, stft: stft)
            }
        }
        let test = try scenes.indices.map { s in
            try index.test.pairs.filter { $0.scene == scenes[s] }.map { p in
                try SpeechMixture(scene: s, clean: try audio(p.clean), noise: try audio(p.noise), snr: p.snrDB, stft: stft)
            }
        }
        return SpeechData(scenes: scenes, sampleRate: config.sampleRate, clipLength: clipLength, train: train, test: test, source: indexPath)
    }
}
