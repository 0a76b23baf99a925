import AtomicFile
import Foundation

extension WAVFile {
    /// Writes ``samples`` as a 16-bit PCM mono WAV file at `path`, atomically.
    ///
    /// Samples are clipped to [-1, 1] and scaled by 32767 with rounding. The bytes go to a temporary
    /// file beside `path` that is then renamed over it, so readers see the old file or the complete
    /// new one, never a half-written file.
    /// - Throws: `.invalidArgument` for a sample rate ≤ 0 (or too large for the header), `.emptyAudio` for no samples,
    ///   `.cannotWrite` when the file cannot be written or renamed into place.
    public func write(path: String) throws {
        try Self.writeAtomically(try encoded(file: path), to: path)
    }

    /// The bytes of the 16-bit PCM mono WAV file that ``write(path:)`` writes, for callers that write
    /// several files only once all of them are ready. `file` names the file in errors.
    /// - Throws: `.invalidArgument` for a sample rate ≤ 0 (or too large for the header), `.emptyAudio` for no samples,
    ///   `.cannotWrite` when the samples exceed the RIFF size limit.
    public func encoded(file: String) throws -> Data {
        guard sampleRate > 0, sampleRate <= Int(UInt32.max) / 2 else {
            throw AudioError.invalidArgument(reason: "sample rate \(sampleRate) must be positive and fit a WAV header")
        }
        guard !samples.isEmpty else { throw AudioError.emptyAudio(file: file) }
        let dataBytes = samples.count * 2
        guard dataBytes <= Int(UInt32.max) - 36 else {
            throw AudioError.cannotWrite(file: file, reason: "\(samples.count) samples exceed the 4 GiB RIFF limit")
        }
        return Data(encoded16BitPCM())
    }

    /// Writes `samples` at `sampleRate` as a 16-bit PCM mono WAV file at `path`; see ``write(path:)``.
    public static func write(_ samples: [Float], sampleRate: Int, path: String) throws {
        try WAVFile(samples: samples, sampleRate: sampleRate).write(path: path)
    }

    /// The complete file: RIFF header, 16-byte PCM `fmt ` chunk and the `data` chunk.
    func encoded16BitPCM() -> [UInt8] {
        let dataBytes = samples.count * 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + dataBytes)
        bytes += Array("RIFF".utf8)
        LittleEndian.append(UInt32(36 + dataBytes), to: &bytes)
        bytes += Array("WAVEfmt ".utf8)
        LittleEndian.append(UInt32(16), to: &bytes)
        LittleEndian.append(UInt16(WAVFormat.pcmCode), to: &bytes)
        LittleEndian.append(UInt16(1), to: &bytes)  // channels
        LittleEndian.append(UInt32(sampleRate), to: &bytes)
        LittleEndian.append(UInt32(sampleRate * 2), to: &bytes)  // byte rate
        LittleEndian.append(UInt16(2), to: &bytes)  // block align
        LittleEndian.append(UInt16(16), to: &bytes)  // bits per sample
        bytes += Array("data".utf8)
        LittleEndian.append(UInt32(dataBytes), to: &bytes)
        for sample in samples {
            let clipped = sample.isNaN ? 0 : min(1, max(-1, sample))
            LittleEndian.append(UInt16(bitPattern: Int16((clipped * 32767).rounded())), to: &bytes)
        }
        return bytes
    }

    /// Writes `data` to `path` whole or not at all (``AtomicFile``).
    private static func writeAtomically(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: path) } catch let error as AtomicFileError {
            throw AudioError.cannotWrite(file: path, reason: error.reason)
        }
    }
}
