import Foundation
@testable import WordNet

/// The database under test, read once from /usr/share/wordnet (or WNSEARCHDIR) for all tests.
enum Shared {
    static let loaded = Result { try WordNetDatabase() }
    static func database() throws -> WordNetDatabase { try loaded.get() }
}

/// Fixtures/nltk_wordnet.json, made by scripts/fixtures/make_wordnet_fixtures.py with NLTK.
struct NLTKFixture: Decodable {
    struct Lookup: Decodable {
        let morphy: [String]
        let synsets: [String]
    }

    struct Detail: Decodable {
        let offset: Int
        let lemmas: [String]
        let definition: String
    }

    /// `[a, b, path_similarity]`.
    struct Pair: Decodable {
        let a: String
        let b: String
        let similarity: Double

        init(from decoder: Decoder) throws {
            var values = try decoder.unkeyedContainer()
            a = try values.decode(String.self)
            b = try values.decode(String.self)
            similarity = try values.decode(Double.self)
        }
    }

    struct Preset: Decodable {
        let classes: [String]
        let synsets: [String]
        let matrix: [[Double]]
    }

    struct AllSynsets: Decodable {
        let count: Int
        let crc32_names: UInt32
        let crc32_lemmas: UInt32
        let crc32_definitions: UInt32
    }

    let lookups: [String: Lookup]
    let synsets: [String: Detail]
    let named: [String: String]
    let pairs: [Pair]
    let presets: [String: Preset]
    let all_synsets: AllSynsets

    static let loaded = Result { () throws -> NLTKFixture in
        guard let url = Bundle.module.url(forResource: "nltk_wordnet", withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(NLTKFixture.self, from: Data(contentsOf: url))
    }

    static func get() throws -> NLTKFixture { try loaded.get() }
}

/// CRC-32 (IEEE, as Python's zlib.crc32) of the UTF-8 bytes of `texts` joined by newlines.
func crc32(_ texts: [String]) -> UInt32 {
    let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in texts.joined(separator: "\n").utf8 {
        crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
}

/// A fresh empty directory under the temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wordnet-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
