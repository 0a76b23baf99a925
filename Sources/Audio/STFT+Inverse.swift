extension STFT {
    /// The signal whose ``forward(_:)`` is `spectrogram`, as `torch.istft(..., center=True, length=length)`.
    ///
    /// Each frame is inverse-transformed (real-valued, `1/fftSize` normalised; the imaginary parts of the
    /// DC and Nyquist bins are ignored), multiplied by the window and overlap-added; the sum is divided
    /// by the overlap-added squared window and the `fftSize / 2` samples of centre padding are dropped
    /// from the start. The result has `length` samples (default `hopLength · (frames − 1)`): cut at the
    /// end, or padded with zeros past the last frame.
    /// - Throws: `.invalidArgument` when the spectrogram does not have ``frequencies`` bins or
    ///   `length` is negative.
    public func inverse(_ spectrogram: Spectrogram, length: Int? = nil) throws -> [Float] {
        let length = length ?? hopLength * (spectrogram.frames - 1)
        try checkInverseArguments(frequencyCount: spectrogram.frequencies, frames: spectrogram.frames, length: length)
        let frames = spectrogram.frames
        let half = fftSize / 2
        let available = min(length, fftSize + hopLength * (frames - 1) - half)
        let envelope = squaredWindowEnvelope(frames: frames)
        var sum = [Float](repeating: 0, count: fftSize + hopLength * (frames - 1))
        let scratch = RealFFT.Scratch(size: fftSize)
        let scale = 1 / Float(fftSize)
        spectrogram.real.withUnsafeBufferPointer { real in
            spectrogram.imag.withUnsafeBufferPointer { imag in
                window.withUnsafeBufferPointer { w in
                    sum.withUnsafeMutableBufferPointer { sum in
                        for t in 0..<frames {
                            for k in 0..<frequencies {
                                scratch.complexValues[2 * k] = real[k * frames + t]
                                scratch.complexValues[2 * k + 1] = imag[k * frames + t]
                            }
                            fft.inverse(scratch)
                            let start = t * hopLength
                            for n in 0..<fftSize { sum[start + n] += w[n] * scratch.real[n] * scale }
                        }
                    }
                }
            }
        }
        var signal = [Float](repeating: 0, count: length)
        for i in 0..<available { signal[i] = sum[i + half] / envelope[i + half] }
        return signal
    }

    /// Validates a spectrogram shape and output length for ``inverse(_:length:)`` and its backward pass.
    func checkInverseArguments(frequencyCount: Int, frames: Int, length: Int) throws {
        guard frequencyCount == frequencies, frames > 0 else {
            throw AudioError.invalidArgument(
                reason: "a \(fftSize)-point inverse STFT needs \(frequencies) bins and at least one frame, "
                    + "got \(frequencyCount) bins and \(frames) frames")
        }
        guard length >= 0 else { throw AudioError.invalidArgument(reason: "output length \(length) is negative") }
    }

    /// Σₜ w[p − t·hop]² for every position `p` of the padded signal (`fftSize + hop·(frames − 1)` values).
    ///
    /// With a Hann window and `hopLength ≤ fftSize / 2` this is positive at every position the inverse
    /// keeps (past the first `fftSize / 2`), so the division never meets zero.
    func squaredWindowEnvelope(frames: Int) -> [Float] {
        var envelope = [Float](repeating: 0, count: fftSize + hopLength * (frames - 1))
        let squared = window.map { $0 * $0 }
        envelope.withUnsafeMutableBufferPointer { envelope in
            for t in 0..<frames {
                let start = t * hopLength
                for n in 0..<fftSize { envelope[start + n] += squared[n] }
            }
        }
        return envelope
    }
}
