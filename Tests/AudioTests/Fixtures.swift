import Foundation

/// Golden data made by scripts/fixtures/make_audio_fixtures.py (PyTorch for the STFT, NumPy for the metrics).
enum Fixtures {
    /// The directory holding the fixture files.
    static var directory: URL? { Bundle.module.url(forResource: "Fixtures", withExtension: nil) }

    /// A little-endian float32 `.npy` file: its shape and values in C order.
    static func npy(_ name: String) throws -> (shape: [Int], values: [Float]) {
        guard let url = directory?.appendingPathComponent("\(name).npy") else { throw FixtureError.missing(name) }
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count > 10, bytes[0] == 0x93, String(decoding: bytes[1..<6], as: UTF8.self) == "NUMPY", bytes[6] == 1
        else { throw FixtureError.malformed(name) }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        guard header.contains("'descr': '<f4'"), header.contains("'fortran_order': False"),
              let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else { throw FixtureError.malformed(name) }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let count = shape.reduce(1, *)
        let start = 10 + headerLength
        guard bytes.count == start + 4 * count else { throw FixtureError.malformed(name) }
        let values = (0..<count).map { i in
            let o = start + 4 * i
            return Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16
                | UInt32(bytes[o + 3]) << 24)
        }
        return (shape, values)
    }

    /// metrics.json: one clean and one noisy signal and the cases scored against them.
    struct Metrics: Decodable {
        struct Case: Decodable {
            let name: String
            let estimate: [Double]
            let si_snr: Double
            let si_snr_improvement: Double
            let wsdr: Double
        }

        let clean: [Double]
        let noisy: [Double]
        let cases: [Case]
    }

    /// The decoded metrics.json.
    static func metrics() throws -> Metrics {
        guard let url = directory?.appendingPathComponent("metrics.json") else { throw FixtureError.missing("metrics") }
        return try JSONDecoder().decode(Metrics.self, from: Data(contentsOf: url))
    }

    enum FixtureError: Error {
        case missing(String)
        case malformed(String)
    }
}

/// max |a − b| / max |b|: the error relative to the reference's peak.
func peakRelativeError(_ actual: [Float], _ expected: [Float]) -> Double {
    precondition(actual.count == expected.count)
    var worst = 0.0, peak = 0.0
    for i in actual.indices {
        worst = max(worst, abs(Double(actual[i]) - Double(expected[i])))
        peak = max(peak, abs(Double(expected[i])))
    }
    return peak > 0 ? worst / peak : worst
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("audio-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A deterministic generator (SplitMix64) for test signals.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [-1, 1).
    mutating func signed() -> Float { Float.random(in: -1..<1, using: &self) }
}
