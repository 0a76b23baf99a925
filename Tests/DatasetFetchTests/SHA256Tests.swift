@testable import DatasetFetch
import Foundation
import Testing

@Suite("SHA-256 against hashlib")
struct SHA256Tests {
    /// The fixture's messages with hashlib's digests.
    static func vectors() throws -> [(message: [UInt8], sha256: String)] {
        let root = try #require(try JSONSerialization.jsonObject(with: Fixtures.data("sha256_vectors.json")) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        return try cases.map { entry in
            let sha = try #require(entry["sha256"] as? String)
            switch entry["kind"] as? String {
            case "text": return (Array(try #require(entry["text"] as? String).utf8), sha)
            case "repeat": return ([UInt8](repeating: UInt8(try #require(entry["byte"] as? Int)), count: try #require(entry["count"] as? Int)), sha)
            default: return ((0..<(try #require(entry["length"] as? Int))).map { UInt8((31 * $0 + 7) % 256) }, sha)
            }
        }
    }

    @Test("every vector, fed whole")
    func whole() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 18)
        for (message, sha) in vectors { #expect(SHA256.hex(of: message) == sha, "length \(message.count)") }
    }

    @Test("every vector, fed in uneven pieces (1, 7, 63, 64, 65 bytes …)")
    func pieces() throws {
        for (message, sha) in try Self.vectors() {
            for piece in [1, 7, 63, 64, 65, 1000] where piece < max(message.count, 2) * 2 {
                var hash = SHA256()
                var offset = 0
                while offset < message.count {
                    let end = min(offset + piece, message.count)
                    hash.update(Array(message[offset..<end]))
                    offset = end
                }
                #expect(hash.hexDigest() == sha, "length \(message.count), pieces of \(piece)")
            }
        }
    }

    @Test("the digest can be read midway and hashing goes on")
    func midway() throws {
        var hash = SHA256()
        hash.update(Array("ab".utf8))
        #expect(hash.hexDigest() == SHA256.hex(of: Array("ab".utf8)))
        hash.update(Array("c".utf8))
        #expect(hash.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
