import Audio
import Foundation
import PruningCore
import Testing
@testable import Speech

@Suite struct SpeechDataTests {
    func load(_ dir: URL, _ method: String = "speech-rtl", extra: String = "") throws -> SpeechData {
        try SpeechData.load(directory: dir.path, config: try GeneratedSpeech.config(method, extra: extra), stft: try STFT())
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    func editIndex(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("index.json")
        var index = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&index)
        try JSONSerialization.data(withJSONObject: index).write(to: url)
    }

    @Test func loadsResamplesAndMixesDeterministically() throws {
        let dir = try GeneratedSpeech.directory()
        let a = try load(dir), b = try load(dir)
        #expect(a.scenes == ["hiss", "hum"])
        #expect(a.clipLength == 1600)
        #expect(a.train.map(\.count) == [4, 4] && a.test.map(\.count) == [2, 2])
        #expect(a.train[0].allSatisfy { $0.clean.count == 1600 && $0.noisy.count == 1600 && $0.frames == 7 })
        // c0 is 0.35 s at 16 kHz, read at 8 kHz.
        #expect(a.test[0][0].clean.count == 2800)
        #expect(a.train[1].map(\.noisy) == b.train[1].map(\.noisy))
        #expect(a.train[0].map(\.noisy) != a.train[1].map(\.noisy))
        let other = try SpeechData.load(directory: dir.path, config: try GeneratedSpeech.config("speech-rtl").with(seed: 4), stft: try STFT())
        #expect(other.train[0].map(\.noisy) != a.train[0].map(\.noisy))
    }

    @Test func badFilesGiveOneClearError() throws {
        let dir = try GeneratedSpeech.directory()
        let clip = dir.appendingPathComponent("clean/c1.wav")
        let bytes = try Data(contentsOf: clip)
        try Data("not audio at all".utf8).write(to: clip)
        #expect(message { _ = try load(dir) }.contains("c1.wav: not a WAV file"))
        try bytes.prefix(bytes.count / 2).write(to: clip)
        #expect(message { _ = try load(dir) }.contains("c1.wav: truncated WAV file"))
        try bytes.prefix(44).write(to: clip)
        #expect(message { _ = try load(dir) }.contains("c1.wav"))
        try FileManager.default.removeItem(at: clip)
        #expect(message { _ = try load(dir) }.contains("c1.wav: cannot read the file (no such file)"))
        try WAVFile.write([Float](repeating: 0, count: 4000), sampleRate: 16000, path: clip.path)
        #expect(message { _ = try load(dir) }.contains("c1.wav': the audio is silent"))
        try WAVFile.write([Float](repeating: 0.1, count: 300), sampleRate: 16000, path: clip.path)
        #expect(message { _ = try load(dir) }.contains("the STFT needs more than 512"))
    }

    @Test func badIndexGivesOneClearError() throws {
        let dir = try GeneratedSpeech.directory()
        try editIndex(dir) { index in
            var test = index["test"] as! [String: Any]
            var pairs = test["pairs"] as! [[String: Any]]
            pairs[1]["scene"] = "underwater"
            test["pairs"] = pairs
            index["test"] = test
        }
        #expect(message { _ = try load(dir) }.contains("test pair 1 (clean/c2.wav) has unknown scene label 'underwater'"))
        let fresh = try GeneratedSpeech.directory()
        #expect(message { _ = try load(fresh, extra: #", "scenes": ["hum", "street"]"#) }.contains("scene 'street' has no noise files"))
        try editIndex(fresh) { $0["train"] = ["clean": ["clean/c0.wav"]] }
        #expect(message { _ = try load(fresh) }.contains("missing key 'train.noise'"))
        try Data("{".utf8).write(to: fresh.appendingPathComponent("index.json"))
        #expect(message { _ = try load(fresh) }.contains("is not a JSON object"))
        #expect(message { _ = try SpeechData.load(directory: "/nonexistent", config: try GeneratedSpeech.config("speech-rtl"), stft: try STFT()) }
            .contains("cannot read the speech index"))
    }
}

extension SpeechConfig {
    func with(seed: UInt64) -> SpeechConfig { var c = self; c.seed = seed; return c }
}
