extension STFT {
    /// The backward pass (adjoint) of ``inverse(_:length:)``: given `dL/dy` for the output signal `y`
    /// (`outputGradient`, whose count is the `length` the inverse was called with), the gradient of `L`
    /// with respect to the real and imaginary parts of a `frames`-frame spectrogram.
    ///
    /// The inverse STFT is linear, so this is its transpose applied to `outputGradient`: undo the
    /// trimming, divide by the squared-window envelope, multiply by the window, then the transpose of
    /// the normalised real inverse DFT, i.e. `c_k / fftSize` times the forward DFT, with `c_k = 1` for
    /// the DC and Nyquist bins and 2 for the others. The imaginary parts of the DC and Nyquist bins
    /// do not reach the output, so their gradient is exactly zero.
    /// - Throws: `.invalidArgument` when `frames` is not positive.
    public func inverseBackward(_ outputGradient: [Float], frames: Int) throws -> Spectrogram {
        try checkInverseArguments(frequencyCount: frequencies, frames: frames, length: outputGradient.count)
        let half = fftSize / 2
        let paddedLength = fftSize + hopLength * (frames - 1)
        let available = min(outputGradient.count, paddedLength - half)
        let envelope = squaredWindowEnvelope(frames: frames)
        var paddedGradient = [Float](repeating: 0, count: paddedLength)
        for i in 0..<available { paddedGradient[i + half] = outputGradient[i] / envelope[i + half] }
        var gradient = Spectrogram(frequencies: frequencies, frames: frames)
        let scratch = RealFFT.Scratch(size: fftSize)
        let edgeScale = 1 / Float(fftSize)
        let innerScale = 2 / Float(fftSize)
        let nyquist = frequencies - 1
        gradient.real.withUnsafeMutableBufferPointer { real in
            gradient.imag.withUnsafeMutableBufferPointer { imag in
                window.withUnsafeBufferPointer { w in
                    paddedGradient.withUnsafeBufferPointer { padded in
                        for t in 0..<frames {
                            let start = t * hopLength
                            for n in 0..<fftSize { scratch.real[n] = w[n] * padded[start + n] }
                            fft.forward(scratch)
                            for k in 0..<frequencies {
                                let isEdge = k == 0 || k == nyquist
                                let scale = isEdge ? edgeScale : innerScale
                                real[k * frames + t] = scale * scratch.complexValues[2 * k]
                                imag[k * frames + t] = isEdge ? 0 : scale * scratch.complexValues[2 * k + 1]
                            }
                        }
                    }
                }
            }
        }
        return gradient
    }
}
