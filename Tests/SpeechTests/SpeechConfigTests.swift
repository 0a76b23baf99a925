import Foundation
import PruningCore
import Testing
@testable import Speech

@Suite struct SpeechConfigTests {
    func error(_ text: String) -> String {
        do { _ = try SpeechConfig(json: Data(text.utf8), source: "c.json"); return "" } catch { return "\(error)" }
    }

    @Test func parsesDefaults() throws {
        let c = try GeneratedSpeech.config("speech-rtl")
        #expect(c.method == .rtl && c.sampleRate == 8000 && c.scenes == nil && c.snrDB == nil)
        let paper = try SpeechConfig(json: Data(#"{"method": "speech-imp-multi", "extraction_epochs": 10, "retraining_epochs": 10, "batch_size": 8, "learning_rate": 1e-4, "prune_weights": 4096, "target_sparsities": [0.25, 0.5, 0.75], "seed": 0}"#.utf8), source: "p")
        #expect(paper.sampleRate == 16000 && paper.clipSeconds == nil && paper.mixturesPerScene == nil)
    }

    @Test func rejectsBadConfigs() {
        #expect(error(GeneratedSpeech.configText("speech-rtl", extra: #", "epochs": 3"#)).contains("unknown key 'epochs'"))
        #expect(error(#"{"method": "speech-rtl"}"#).contains("missing key"))
        #expect(error(GeneratedSpeech.configText("speech-bogus")).contains("method"))
        #expect(error(GeneratedSpeech.configText("speech-rtl", extra: #", "prune_weights": 10"#)).contains("exactly one of prune_weights and prune_fraction"))
        #expect(error(GeneratedSpeech.configText("speech-rtl").replacingOccurrences(of: "[0.5, 0.75]", with: "[0.5, 1.0]")).contains("must be in (0, 1)"))
        #expect(error(GeneratedSpeech.configText("speech-rtl", extra: #", "snr_db": [5, -5]"#)).contains("snr_db"))
        #expect(error(GeneratedSpeech.configText("speech-rtl", extra: #", "scenes": ["indoor"]"#)).contains("two or more scenes"))
        #expect(error(GeneratedSpeech.configText("speech-imp-single", extra: #", "stop_rule": "onset""#)).contains("stop_rule"))
        #expect(error(GeneratedSpeech.configText("speech-rtl").replacingOccurrences(of: #""batch_size": 2"#, with: #""batch_size": "two""#)).contains("wrong type"))
        #expect(error("[1]").contains("not a JSON object"))
    }
}
