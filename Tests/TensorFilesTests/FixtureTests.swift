import Foundation
import Testing
import TensorFiles

/// expected.json, written by scripts/fixtures/make_tensorfiles_fixtures.py from NumPy's own view of each file.
private struct Expected: Decodable {
    struct File: Decodable {
        let format: String
        let metadata: [String: String]
        let tensors: [Tensor]
    }
    struct Tensor: Decodable {
        let name: String
        let dtype: String
        let shape: [Int]
        let nbytes: Int
        let fnv1a64: String
        let ones: Int
        let wordCount: Int
        let firstWords: [String]
    }
    struct Unsupported: Decodable {
        let tensor: String
        let dtype: String
    }
    let files: [String: File]
    let unsupported: [String: Unsupported]

    static func load() throws -> Expected {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("expected.json")))
    }
}

private let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

@Suite struct FixtureTests {
    @Test(arguments: try Expected.load().files.sorted { $0.key < $1.key }.map(\.key))
    func fixtureMatchesNumPy(fileName: String) throws {
        let expected = try #require(try Expected.load().files[fileName])
        let path = fixtures.appendingPathComponent(fileName).path
        let file = try TensorFileReader.read(path: path)
        #expect(file.format.rawValue == expected.format)
        #expect(file.metadata == expected.metadata)
        #expect(file.tensors.map(\.name) == expected.tensors.map(\.name))
        for (tensor, want) in zip(file.tensors, expected.tensors) {
            #expect(tensor.dtype.rawValue == want.dtype, "\(want.name)")
            #expect(tensor.shape == want.shape, "\(want.name)")
            #expect(tensor.data.count == want.nbytes, "\(want.name)")
            #expect(fnv1a64(tensor.data) == want.fnv1a64, "C-order little-endian bytes of \(want.name)")
            let words = try tensor.keptBits()
            #expect(words.count == want.wordCount, "\(want.name)")
            #expect(words.reduce(0) { $0 + $1.nonzeroBitCount } == want.ones, "\(want.name)")
            #expect(Array(words.prefix(4)) == want.firstWords.map { UInt64($0, radix: 16)! }, "\(want.name)")
        }
    }

    @Test func everyFixtureFileIsCovered() throws {
        let expected = try Expected.load()
        let listed = Set(expected.files.keys).union(expected.unsupported.keys).union(["expected.json"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: fixtures.path)) == listed)
    }

    @Test(arguments: try Expected.load().unsupported.sorted { $0.key < $1.key }.map(\.key))
    func unsupportedDTypeFixtureIsRejected(fileName: String) throws {
        let want = try #require(try Expected.load().unsupported[fileName])
        expectReadError(
            fixtures.appendingPathComponent(fileName).path,
            mentions: ["tensor '\(want.tensor)'", "unsupported dtype '\(want.dtype)"])
    }

    @Test func storedFixtureRewrittenByUsIsIdentical() throws {
        let original = try TensorFileReader.read(path: fixtures.appendingPathComponent("stored.npz").path)
        try withTemporaryDirectory { directory in
            for format in WrittenFormat.allCases {
                let path = directory + "/copy-\(format)"
                try format.write(original.tensors, to: path)
                #expect(try TensorFileReader.read(path: path).tensors == original.tensors)
            }
        }
    }
}
