import Foundation

/// A mono audio signal with its sample rate, read from or written to a RIFF/WAVE file.
///
/// Reading accepts PCM 8/16/24/32-bit integer, IEEE float 32/64-bit and `WAVE_FORMAT_EXTENSIBLE`
/// files holding either, with any number of channels; the channels are mixed down to mono by their
/// mean and the samples returned as `Float` in [-1, 1]. Writing produces 16-bit PCM mono.
public struct WAVFile: Equatable, Sendable {
    /// The samples, in [-1, 1].
    public var samples: [Float]
    /// Samples per second.
    public var sampleRate: Int

    /// A signal of `samples` at `sampleRate` samples per second.
    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Duration in seconds.
    public var duration: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }

    /// Reads the WAV file at `path` and mixes it down to mono.
    ///
    /// - Throws: ``AudioError`` naming the file: `.cannotRead`, `.notWAV`, `.truncated` (a chunk shorter
    ///   than declared, no `fmt ` or `data` chunk), `.invalidFormat`, `.emptyAudio` or `.unsupportedFormat`.
    public static func read(path: String) throws -> WAVFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioError.cannotRead(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw AudioError.cannotRead(file: path, reason: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AudioError.cannotRead(file: path, reason: "permission denied or I/O error")
        }
        return try decode(data, file: path)
    }

    /// Decodes the bytes of a WAV file held in memory; `file` is the name used in error messages.
    ///
    /// - Throws: the same ``AudioError`` cases as ``read(path:)``, except `.cannotRead`.
    public static func decode(_ data: Data, file: String = "<memory>") throws -> WAVFile {
        let bytes = [UInt8](data)
        let chunks = try RIFFChunks(bytes: bytes, file: file)
        let format = try WAVFormat(bytes: bytes[chunks.format], file: file)
        let samples = try WAVSampleDecoder.monoSamples(bytes: bytes[chunks.data], format: format, file: file)
        return WAVFile(samples: samples, sampleRate: format.sampleRate)
    }
}
