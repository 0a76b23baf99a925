import Audio
import Foundation
import Testing

@Suite("WAV writing")
struct WAVWriteTests {
    @Test("16-bit PCM round trip, clipped to [-1, 1], within one quantisation step")
    func roundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.wav").path
        let samples: [Float] = [0, 0.5, -0.5, 1, -1, 1.7, -2, 0.123456, .nan]
        try WAVFile.write(samples, sampleRate: 22050, path: path)
        let back = try WAVFile.read(path: path)
        #expect(back.sampleRate == 22050 && back.samples.count == samples.count)
        let expected: [Float] = [0, 0.5, -0.5, 1, -1, 1, -1, 0.123456, 0]
        for (value, target) in zip(back.samples, expected) { #expect(abs(value - target) <= 1.0 / 32767) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 44 + 2 * samples.count)
    }

    @Test("writing replaces an existing file atomically and leaves no temporary file")
    func atomic() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.wav").path
        try WAVFile(samples: [0.25], sampleRate: 16000).write(path: path)
        try WAVFile(samples: [0.5, -0.5], sampleRate: 8000).write(path: path)
        #expect(try WAVFile.read(path: path).samples.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.wav"])
    }

    @Test("failures leave nothing behind and name the file")
    func failures() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inMissingDirectory = directory.appendingPathComponent("no/such/dir/out.wav").path
        #expect {
            try WAVFile(samples: [0.1], sampleRate: 16000).write(path: inMissingDirectory)
        } throws: { error in
            guard case let .cannotWrite(file, _)? = error as? AudioError else { return false }
            return file == inMissingDirectory
        }
        // Renaming over a directory fails after the temporary file was written: it must be removed.
        let occupied = directory.appendingPathComponent("taken.wav")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: occupied.appendingPathComponent("child"), withIntermediateDirectories: false)
        #expect(throws: AudioError.self) { try WAVFile(samples: [0.1], sampleRate: 16000).write(path: occupied.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken.wav"])
        let path = directory.appendingPathComponent("x.wav").path
        #expect(throws: AudioError.emptyAudio(file: path)) { try WAVFile(samples: [], sampleRate: 16000).write(path: path) }
        #expect(throws: AudioError.self) { try WAVFile(samples: [0], sampleRate: 0).write(path: path) }
    }
}
