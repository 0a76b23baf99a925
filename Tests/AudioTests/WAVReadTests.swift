import Audio
import Foundation
import Testing

@Suite("WAV reading")
struct WAVReadTests {
    /// Decodes `file` from memory.
    private func decode(_ file: WAVTestFile) throws -> WAVFile {
        try WAVFile.decode(Data(file.bytes), file: "test.wav")
    }

    @Test("integer PCM of 8, 16, 24 and 32 bits is scaled by 2^(bits−1)", arguments: [8, 16, 24, 32])
    func integerPCM(bits: Int) throws {
        let full = 1 << (bits - 1)
        let codes = [0, full - 1, -full, full / 2, -full / 4, 1]
        let wav = try decode(WAVTestFile(bitsPerSample: bits, data: WAVTestFile.pcm(codes, bits: bits)))
        #expect(wav.sampleRate == 16000)
        #expect(wav.samples == codes.map { Float(Double($0) / Double(full)) })
        #expect(wav.samples.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    @Test("IEEE float 32 and 64 are read as is, clamped to [-1, 1]")
    func ieeeFloat() throws {
        let values: [Float] = [0, 0.25, -0.5, 1, -1, 1.5, -3]
        let expected: [Float] = [0, 0.25, -0.5, 1, -1, 1, -1]
        let float32 = WAVTestFile(formatCode: 3, bitsPerSample: 32, data: WAVTestFile.float32(values))
        #expect(try decode(float32).samples == expected)
        let float64 = WAVTestFile(formatCode: 3, bitsPerSample: 64, data: WAVTestFile.float64(values.map(Double.init)))
        #expect(try decode(float64).samples == expected)
    }

    @Test("channels are mixed down to mono by their mean")
    func mixdown() throws {
        // Three channels, two frames: (3000, 0, -3000) → 0 and (300, 600, 900) → 600.
        let file = WAVTestFile(channels: 3, data: WAVTestFile.pcm([3000, 0, -3000, 300, 600, 900], bits: 16))
        let wav = try decode(file)
        #expect(wav.samples.count == 2)
        #expect(abs(wav.samples[0]) < 1e-7)
        #expect(abs(wav.samples[1] - 600 / 32768) < 1e-7)
    }

    @Test("WAVE_FORMAT_EXTENSIBLE with PCM and float sub-formats")
    func extensible() throws {
        let pcm = WAVTestFile(
            channels: 2, bitsPerSample: 24, extensible: true, data: WAVTestFile.pcm([4_194_304, 0, -8_388_608, 0], bits: 24))
        #expect(try decode(pcm).samples == [0.25, -0.5])
        let float = WAVTestFile(
            formatCode: 3, channels: 2, bitsPerSample: 32, extensible: true,
            data: WAVTestFile.float32([0.5, 0.25, -1, -1]))
        #expect(try decode(float).samples == [0.375, -1])
    }

    @Test("unknown chunks are skipped, odd sizes with their pad byte, and the sample rate is kept")
    func skipsChunks() throws {
        var file = WAVTestFile(sampleRate: 44100, data: WAVTestFile.pcm([16384], bits: 16))
        file.leadingChunks = [("LIST", [1, 2, 3]), ("junk", [])]
        let wav = try decode(file)
        #expect(wav.samples == [0.5] && wav.sampleRate == 44100)
    }

    @Test("a trailing partial frame is ignored")
    func partialFrame() throws {
        let file = WAVTestFile(channels: 2, data: WAVTestFile.pcm([16384, 16384], bits: 16) + [7])
        #expect(try decode(file).samples == [0.5])
    }

    @Test("reading from disk: the file's samples and rate; errors name the file")
    func readsFromDisk() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.wav").path
        try Data(WAVTestFile(sampleRate: 8000, data: WAVTestFile.pcm([-16384, 8192], bits: 16)).bytes)
            .write(to: URL(fileURLWithPath: path))
        #expect(try WAVFile.read(path: path) == WAVFile(samples: [-0.5, 0.25], sampleRate: 8000))
        let missing = directory.appendingPathComponent("missing.wav").path
        #expect(throws: AudioError.cannotRead(file: missing, reason: "no such file")) { try WAVFile.read(path: missing) }
        #expect(throws: AudioError.cannotRead(file: directory.path, reason: "is a directory")) {
            try WAVFile.read(path: directory.path)
        }
    }
}
