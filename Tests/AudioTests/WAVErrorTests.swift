import Audio
import Foundation
import Testing

@Suite("WAV reading: bad files")
struct WAVErrorTests {
    /// Writes `bytes` to a file named `name` in a temporary directory and reads it back.
    private func read(_ bytes: [UInt8], name: String = "bad.wav") throws -> (error: AudioError?, path: String) {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try WAVFile.read(path: path)
            return (nil, path)
        } catch let error as AudioError {
            return (error, path)
        }
    }

    private var valid: WAVTestFile { WAVTestFile(data: WAVTestFile.pcm([1, 2, 3, 4], bits: 16)) }

    @Test("wrong magic: not a WAV file")
    func wrongMagic() throws {
        var riffx = valid.bytes
        riffx.replaceSubrange(0..<4, with: Array("RIFX".utf8))
        let (error, path) = try read(riffx)
        #expect(error == .notWAV(file: path))
        #expect(error?.description == "\(path): not a WAV file (no RIFF/WAVE header)")
        var avi = valid.bytes
        avi.replaceSubrange(8..<12, with: Array("AVI ".utf8))
        let notWave = try read(avi)
        #expect(notWave.error == .notWAV(file: notWave.path))
        let text = try read(Array("hello, world".utf8), name: "notes.wav")
        #expect(text.error == .notWAV(file: text.path))
        let empty = try read([])
        #expect(empty.error == .notWAV(file: empty.path))
    }

    @Test("truncated: data chunk shorter than declared, cut header, missing fmt or data chunk")
    func truncated() throws {
        var short = valid
        short.declaredDataSize = 100
        let (error, path) = try read(short.bytes)
        #expect(error == .truncated(file: path, reason: "the 'data' chunk declares 100 bytes but only 8 are present"))
        #expect(error?.description.hasPrefix("\(path): truncated WAV file: ") == true)
        #expect(error?.localizedDescription == error?.description)

        let cut = try read(Array(valid.bytes.prefix(10)))
        #expect(cut.error == .truncated(file: cut.path, reason: "the file is 10 bytes, shorter than a RIFF header"))

        var noFormat = valid
        noFormat.includeFormat = false
        let a = try read(noFormat.bytes)
        #expect(a.error == .truncated(file: a.path, reason: "no 'fmt ' chunk"))

        var noData = valid
        noData.includeData = false
        let b = try read(noData.bytes)
        #expect(b.error == .truncated(file: b.path, reason: "no 'data' chunk"))

        // The file ends in the middle of the fmt chunk.
        let c = try read(Array(valid.bytes.prefix(30)))
        #expect(c.error == .truncated(file: c.path, reason: "the 'fmt ' chunk declares 16 bytes but only 10 are present"))
    }

    @Test("zero-length audio")
    func zeroLength() throws {
        let (error, path) = try read(WAVTestFile(data: []).bytes)
        #expect(error == .emptyAudio(file: path))
        #expect(error?.description == "\(path): the WAV file holds no audio samples")
        // One byte of a 16-bit sample is not a frame either.
        let partial = try read(WAVTestFile(data: [1]).bytes)
        #expect(partial.error == .emptyAudio(file: partial.path))
    }

    @Test("unsupported format codes and sample widths")
    func unsupported() throws {
        let cases: [(code: UInt16, bits: Int, extensible: Bool)] = [
            (2, 4, false),  // Microsoft ADPCM
            (6, 8, false),  // A-law
            (0x55, 16, false),  // MP3
            (1, 12, false),  // PCM of an odd width
            (3, 16, false),  // 16-bit float
            (6, 8, true),  // A-law inside WAVE_FORMAT_EXTENSIBLE: the sub-format code is reported
        ]
        for (code, bits, extensible) in cases {
            let file = WAVTestFile(formatCode: code, bitsPerSample: bits, extensible: extensible, data: [0, 0, 0, 0])
            let (error, path) = try read(file.bytes)
            #expect(error == .unsupportedFormat(file: path, formatCode: Int(code), bitsPerSample: bits))
            #expect(error?.description.contains("format code \(code)") == true)
        }
    }

    @Test("contradictory format chunk")
    func invalidFormat() throws {
        let noChannels = try read(WAVTestFile(channels: 0, data: [0, 0]).bytes)
        #expect(noChannels.error == .invalidFormat(file: noChannels.path, reason: "0 channels"))
        let noRate = try read(WAVTestFile(sampleRate: 0, data: [0, 0]).bytes)
        #expect(noRate.error == .invalidFormat(file: noRate.path, reason: "sample rate 0"))
        var wrongAlign = WAVTestFile(data: [0, 0, 0, 0]).bytes
        wrongAlign[32] = 3  // block align 3 for 16-bit mono
        let align = try read(wrongAlign)
        #expect(align.error == .invalidFormat(file: align.path, reason: "block alignment 3 does not match 1 channels of 16 bits"))
    }
}
