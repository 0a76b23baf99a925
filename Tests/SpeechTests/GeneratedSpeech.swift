import Audio
import Foundation
@testable import Speech

/// A generated speech data directory: harmonic "voiced" clips as clean speech, two noise scenes
/// (`hum`: low harmonics, `hiss`: white noise), an index.json, written at 16 kHz (one clip at 8 kHz).
enum GeneratedSpeech {
    static func directory(scenes: [String] = ["hiss", "hum"]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("speech-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("clean"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("noise"), withIntermediateDirectories: true)
        var clean: [String] = []
        for i in 0..<4 {
            let name = "clean/c\(i).wav"
            let rate = i == 3 ? 8000 : 16000
            try WAVFile.write(voiced(seconds: 0.35 + 0.05 * Double(i), pitch: 120 + 30 * Double(i), rate: rate), sampleRate: rate, path: dir.appendingPathComponent(name).path)
            clean.append(name)
        }
        var noise: [String: [String]] = [:]
        var pairs: [[String: Any]] = []
        for scene in scenes {
            for j in 0..<3 {
                let name = "noise/\(scene)-\(j).wav"
                try WAVFile.write(self.noise(scene, seed: UInt64(j + 1), seconds: 0.3), sampleRate: 16000, path: dir.appendingPathComponent(name).path)
                if j < 2 { noise[scene, default: []].append(name) } else {
                    pairs.append(["clean": "clean/c0.wav", "noise": name, "scene": scene, "snr_db": 0.0])
                    pairs.append(["clean": "clean/c2.wav", "noise": name, "scene": scene, "snr_db": 3.0])
                }
            }
        }
        let index: [String: Any] = ["sample_rate": 16000, "train": ["clean": clean, "noise": noise, "snr_db": [-3, 3]], "test": ["pairs": pairs]]
        try JSONSerialization.data(withJSONObject: index, options: [.prettyPrinted, .sortedKeys]).write(to: dir.appendingPathComponent("index.json"))
        return dir
    }

    /// A harmonic tone with a slow amplitude envelope.
    static func voiced(seconds: Double, pitch: Double, rate: Int) -> [Float] {
        let n = Int(seconds * Double(rate))
        return (0..<n).map { i in
            let t = Double(i) / Double(rate)
            let envelope = 0.5 - 0.5 * cos(2 * Double.pi * 3 * t)
            let tone = (1...5).reduce(0.0) { $0 + sin(2 * Double.pi * pitch * Double($1) * t) / Double($1) }
            return Float(0.2 * envelope * tone)
        }
    }

    static func noise(_ scene: String, seed: UInt64, seconds: Double) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        let n = Int(seconds * 16000)
        return (0..<n).map { i in
            if scene == "hum" { return Float(0.1 * sin(2 * Double.pi * 60 * Double(i) / 16000) + 0.05 * sin(2 * Double.pi * 180 * Double(i) / 16000)) }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 40) / Double(1 << 24) - 0.5) * 0.1
        }
    }

    /// The tiny config (8 kHz, short clips, two pruning iterations) for `method`.
    static func config(_ method: String, extra: String = "") throws -> SpeechConfig {
        try SpeechConfig(json: Data(configText(method, extra: extra).utf8), source: "tiny")
    }

    static func configText(_ method: String, extra: String = "") -> String {
        """
        {"method": "\(method)", "sample_rate": 8000, "clip_seconds": 0.2, "mixtures_per_scene": 4, "extraction_epochs": 1,
         "retraining_epochs": 1, "batch_size": 2, "learning_rate": 0.001, "prune_fraction": 0.5,
         "target_sparsities": [0.5, 0.75], "seed": 3\(extra)}
        """
    }
}
