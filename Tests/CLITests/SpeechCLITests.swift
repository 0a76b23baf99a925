import Foundation
import Testing

/// The shipped tiny speech config (8 kHz, 0.2 s clips, two pruning iterations).
let speechTinyConfig = tinyConfig.deletingLastPathComponent().appendingPathComponent("speech-rtl-tiny.json")

/// A generated speech data directory for the CLI: harmonic clips as clean speech, two noise scenes,
/// index.json; 16-bit PCM WAV written by hand (the CLI tests do not link the Audio module).
func speechDataDirectory(in dir: URL) throws -> URL {
    let data = dir.appendingPathComponent("speech")
    for sub in ["clean", "noise"] { try FileManager.default.createDirectory(at: data.appendingPathComponent(sub), withIntermediateDirectories: true) }
    func write(_ samples: [Double], _ name: String) throws {
        var bytes = Array("RIFF".utf8)
        func u32(_ v: Int) { for i in 0..<4 { bytes.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        func u16(_ v: Int) { for i in 0..<2 { bytes.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        u32(36 + 2 * samples.count); bytes += Array("WAVEfmt ".utf8); u32(16); u16(1); u16(1); u32(16000); u32(32000); u16(2); u16(16)
        bytes += Array("data".utf8); u32(2 * samples.count)
        for s in samples { u16(Int(Int16((max(-1, min(1, s)) * 32767).rounded())) & 0xFFFF) }
        try Data(bytes).write(to: data.appendingPathComponent(name))
    }
    var clean: [String] = [], noise: [String: [String]] = [:], pairs: [[String: Any]] = []
    for i in 0..<3 {
        let pitch = Double(140 + 40 * i)
        let samples = (0..<5600).map { n -> Double in
            let t = Double(n) / 16000
            return 0.2 * sin(2 * Double.pi * pitch * t) * (0.5 - 0.5 * cos(2 * Double.pi * 3 * t))
        }
        try write(samples, "clean/c\(i).wav")
        clean.append("clean/c\(i).wav")
    }
    var state: UInt64 = 99
    for scene in ["hiss", "hum"] {
        for j in 0..<3 {
            let samples = (0..<4000).map { n -> Double in
                if scene == "hum" { return 0.1 * sin(2 * Double.pi * 60 * Double(n + 7 * j) / 16000) }
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return (Double(state >> 40) / Double(1 << 24) - 0.5) * 0.1
            }
            try write(samples, "noise/\(scene)-\(j).wav")
            if j < 2 { noise[scene, default: []].append("noise/\(scene)-\(j).wav") } else {
                pairs.append(["clean": "clean/c0.wav", "noise": "noise/\(scene)-\(j).wav", "scene": scene, "snr_db": 0.0])
            }
        }
    }
    let index: [String: Any] = ["train": ["clean": clean, "noise": noise, "snr_db": [-3, 3]], "test": ["pairs": pairs]]
    try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys]).write(to: data.appendingPathComponent("index.json"))
    return data
}

@Suite(.serialized) struct SpeechCLITests {
    @Test func trainsReportsAndResumes() throws {
        let dir = scratchDirectory()
        let data = try speechDataDirectory(in: dir)
        for (method, name) in [("speech-rtl", "rtl"), ("speech-imp-single", "single")] {
            let config = try String(contentsOf: speechTinyConfig, encoding: .utf8).replacingOccurrences(of: "\"speech-rtl\"", with: "\"\(method)\"")
                .replacingOccurrences(of: "\"speech-rtl-tiny\"", with: "\"\(name)\"")
            try config.write(to: dir.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
            let r = try ticketscope(["train", "--db", "s.sqlite", "--config", "\(name).json", "--data", data.path, "--quiet"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("run '\(name)' complete") && r.stdout.contains("SI-SNRi 50%"), "\(r.stdout)")
        }
        let again = try ticketscope(["train", "--db", "s.sqlite", "--config", "rtl.json", "--data", data.path, "--quiet"], in: dir)
        #expect(again.status == 0 && again.stderr.contains("run 'rtl' is already complete (4 steps); nothing to do"), "\(again.stderr)")
        let report = try ticketscope(["report", "speech", "--db", "s.sqlite", "--rtl", "rtl", "--imp-single", "single", "--out", "rep"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let readme = try String(contentsOf: dir.appendingPathComponent("rep/README.md"), encoding: .utf8)
        #expect(readme.contains("| Method | SI-SNRi ↑ 50% | SI-SNRi ↑ 75% | #Params ↓ 50% | #Params ↓ 75% |"))
        #expect(readme.contains("| RTL |") && readme.contains("| IMP (single model) |") && readme.contains("7.248"))
        #expect(readme.contains("## SI-SNRi per scene") && readme.contains("| hum | RTL |"))
        for file in ["speech-spectrograms.png", "hiss-noisy.wav", "hum-clean.wav", "hum-rtl-50.wav", "hiss-imp-single-50.wav"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep/\(file)").path), "\(file) missing")
        }
        expectCleanFailure(try ticketscope(["report", "speech", "--db", "s.sqlite", "--rtl", "single", "--out", "rep2"], in: dir), mentions: ["speech-imp-single", "not speech-rtl"])
    }

    @Test func badSpeechInputWritesNothing() throws {
        let dir = scratchDirectory()
        let data = try speechDataDirectory(in: dir)
        func train(_ extra: [String] = []) throws -> CLIResult {
            try ticketscope(["train", "--db", "s.sqlite", "--config", speechTinyConfig.path, "--data", data.path, "--quiet"] + extra, in: dir)
        }
        let db = dir.appendingPathComponent("s.sqlite").path
        let clip = data.appendingPathComponent("clean/c1.wav")
        let good = try Data(contentsOf: clip)
        try Data("RIFX nonsense".utf8).write(to: clip)
        expectCleanFailure(try train(), mentions: ["c1.wav", "not a WAV file"])
        try good.prefix(1000).write(to: clip)
        expectCleanFailure(try train(), mentions: ["c1.wav", "truncated"])
        try good.prefix(44).write(to: clip)
        expectCleanFailure(try train(), mentions: ["c1.wav"])
        try FileManager.default.removeItem(at: clip)
        expectCleanFailure(try train(), mentions: ["c1.wav", "no such file"])
        #expect(!FileManager.default.fileExists(atPath: db))
        try good.write(to: clip)

        let indexURL = data.appendingPathComponent("index.json")
        let index = try String(contentsOf: indexURL, encoding: .utf8)
        try index.replacingOccurrences(of: "\"scene\":\"hum\"", with: "\"scene\":\"street\"").write(to: indexURL, atomically: true, encoding: .utf8)
        expectCleanFailure(try train(), mentions: ["unknown scene label 'street'"])
        try index.write(to: indexURL, atomically: true, encoding: .utf8)
        try "{\"method\": \"speech-rtl\", \"epochs\": 1}".write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        expectCleanFailure(try ticketscope(["train", "--db", "s.sqlite", "--config", "bad.json", "--data", data.path], in: dir), mentions: ["unknown key 'epochs'"])
        #expect(!FileManager.default.fileExists(atPath: db))

        // A good run, then bad data: the store is left unchanged.
        #expect(try train().status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        try Data().write(to: clip)
        expectCleanFailure(try train(["--name", "other"]), mentions: ["c1.wav"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }
}
