import Foundation
import PruningCore

/// The JSON index of a speech data directory (docs/speech.md): clean training files, noise files per
/// scene label, the SNR range of the training mixtures, and fixed test pairs. Paths are relative to the
/// index's directory. Other top-level keys (e.g. `sample_rate`, `seconds`) are ignored.
public struct SpeechIndex: Sendable, Equatable, Decodable {
    /// One fixed test mixture: `clean + noise`, the noise scaled so the SNR is `snrDB`.
    public struct Pair: Sendable, Equatable, Decodable {
        public var clean: String
        public var noise: String
        public var scene: String
        public var snrDB: Double

        enum CodingKeys: String, CodingKey { case clean, noise, scene, snrDB = "snr_db" }
    }

    public struct Train: Sendable, Equatable, Decodable {
        public var clean: [String]
        /// Scene label → noise files.
        public var noise: [String: [String]]
        /// [low, high] in dB; each training mixture draws its SNR uniformly from it.
        public var snrDB: [Double]

        enum CodingKeys: String, CodingKey { case clean, noise, snrDB = "snr_db" }
    }

    public struct Test: Sendable, Equatable, Decodable { public var pairs: [Pair] }

    public var train: Train
    public var test: Test

    /// Reads `index.json` at `path`; errors name the file and the missing or malformed key.
    public static func read(path: String) throws -> SpeechIndex {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LotteryError.config("cannot read the speech index '\(path)' (give --data DIR holding index.json)")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw LotteryError.config("'\(path)' is not a JSON object")
        }
        do { return try JSONDecoder().decode(SpeechIndex.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw LotteryError.config("'\(path)': missing key '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LotteryError.config("'\(path)': key '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            throw LotteryError.config("'\(path)': \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)")
        }
    }
}
