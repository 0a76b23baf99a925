import Foundation

/// Why audio could not be read, written or processed.
///
/// Every case has a one-line ``description``; the WAV cases name the file first,
/// e.g. `speech.wav: truncated WAV file: the data chunk declares 64000 bytes but only 1200 are present`.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file cannot be opened or read (missing, a directory, no permission).
    case cannotRead(file: String, reason: String)
    /// The file does not start with the `RIFF`…`WAVE` magic.
    case notWAV(file: String)
    /// The file ends early: a chunk is shorter than it declares, or the `fmt ` or `data` chunk is missing.
    case truncated(file: String, reason: String)
    /// The `fmt ` chunk is self-contradictory (no channels, zero sample rate, wrong block alignment).
    case invalidFormat(file: String, reason: String)
    /// The `data` chunk holds no complete sample frame.
    case emptyAudio(file: String)
    /// A format code or sample width this reader does not decode.
    case unsupportedFormat(file: String, formatCode: Int, bitsPerSample: Int)
    /// The file cannot be written (or the temporary file cannot be renamed over it).
    case cannotWrite(file: String, reason: String)
    /// A signal that must carry energy is empty or all zeros; `signal` names it (e.g. `"clean"`).
    case silentSignal(signal: String)
    /// Two signals that must have equal lengths do not.
    case lengthMismatch(expected: Int, actual: Int, signal: String)
    /// An argument is out of range; `reason` says which and why.
    case invalidArgument(reason: String)
    /// libsoxr reported an error while resampling.
    case resamplingFailed(reason: String)

    /// A one-line explanation of the problem, naming the file where there is one.
    public var description: String {
        switch self {
        case let .cannotRead(file, reason):
            return "\(file): cannot read the file (\(reason))"
        case let .notWAV(file):
            return "\(file): not a WAV file (no RIFF/WAVE header)"
        case let .truncated(file, reason):
            return "\(file): truncated WAV file: \(reason)"
        case let .invalidFormat(file, reason):
            return "\(file): invalid WAV format chunk: \(reason)"
        case let .emptyAudio(file):
            return "\(file): the WAV file holds no audio samples"
        case let .unsupportedFormat(file, code, bits):
            return "\(file): unsupported WAV sample format (format code \(code), \(bits) bits per sample); "
                + "supported are PCM 8/16/24/32-bit and IEEE float 32/64-bit"
        case let .cannotWrite(file, reason):
            return "\(file): cannot write the file (\(reason))"
        case let .silentSignal(signal):
            return "the \(signal) signal is empty or all zeros"
        case let .lengthMismatch(expected, actual, signal):
            return "the \(signal) signal has \(actual) samples, expected \(expected)"
        case let .invalidArgument(reason):
            return "invalid argument: \(reason)"
        case let .resamplingFailed(reason):
            return "resampling failed: \(reason)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
