/// A one-sided complex spectrogram with its real and imaginary parts in separate arrays.
///
/// Layout: each of ``real`` and ``imag`` is `[frequencies][frames]`, row-major, so bin `k` of frame `t`
/// is at index `k * frames + t`. ``channels`` (real then imaginary) is therefore the tensor of shape
/// `[2, frequencies, frames]`, row-major, that a CNN reads as two input channels.
public struct Spectrogram: Equatable, Sendable {
    /// Frequency bins, `fftSize / 2 + 1` (513 for a 1,024-point STFT).
    public let frequencies: Int
    /// Time frames.
    public let frames: Int
    /// Real parts, `[frequencies][frames]` row-major.
    public var real: [Float]
    /// Imaginary parts, `[frequencies][frames]` row-major.
    public var imag: [Float]

    /// A spectrogram of zeros.
    public init(frequencies: Int, frames: Int) {
        self.frequencies = frequencies
        self.frames = frames
        real = [Float](repeating: 0, count: frequencies * frames)
        imag = real
    }

    /// A spectrogram from its parts, each `[frequencies][frames]` row-major.
    /// - Throws: `.invalidArgument` when a part does not hold `frequencies · frames` values.
    public init(frequencies: Int, frames: Int, real: [Float], imag: [Float]) throws {
        let count = frequencies * frames
        guard frequencies > 0, frames > 0, real.count == count, imag.count == count else {
            throw AudioError.invalidArgument(
                reason: "a \(frequencies)×\(frames) spectrogram needs \(count) real and imaginary values, "
                    + "got \(real.count) and \(imag.count)")
        }
        self.frequencies = frequencies
        self.frames = frames
        self.real = real
        self.imag = imag
    }

    /// A spectrogram from a `[2, frequencies, frames]` row-major tensor (real channel, then imaginary).
    /// - Throws: `.invalidArgument` when `channels` does not hold `2 · frequencies · frames` values.
    public init(channels: [Float], frequencies: Int, frames: Int) throws {
        let count = frequencies * frames
        guard channels.count == 2 * count else {
            throw AudioError.invalidArgument(
                reason: "a [2, \(frequencies), \(frames)] tensor has \(2 * count) values, got \(channels.count)")
        }
        try self.init(
            frequencies: frequencies, frames: frames,
            real: Array(channels[..<count]), imag: Array(channels[count...]))
    }

    /// The `[2, frequencies, frames]` row-major tensor: ``real`` followed by ``imag``.
    public var channels: [Float] { real + imag }

    /// Bin `frequency` of frame `frame`.
    public subscript(frequency: Int, frame: Int) -> (real: Float, imag: Float) {
        let index = frequency * frames + frame
        return (real[index], imag[index])
    }
}
