import Foundation

/// Short-time Fourier transform with a periodic Hann window, matching `torch.stft` / `torch.istft`
/// with `center=True`, `pad_mode='reflect'`, `onesided=True`, `normalized=False`.
///
/// The default is the paper's setting (appendix D): 1,024-point frames, hop 256, 513 frequency bins.
/// A signal of `n` samples is reflect-padded by `fftSize / 2` on both sides and gives
/// `1 + n / hopLength` frames (integer division). Transforms run on FFTW in single precision; an
/// `STFT` value is immutable and may be used from several threads at once.
public struct STFT: Sendable {
    /// Frame (and FFT) length in samples.
    public let fftSize: Int
    /// Samples between frame starts.
    public let hopLength: Int
    /// The periodic Hann window of length ``fftSize``: `w[n] = 0.5 − 0.5·cos(2πn / fftSize)`.
    public let window: [Float]
    let fft: RealFFT

    /// An STFT with `fftSize`-point frames every `hopLength` samples.
    /// - Throws: `.invalidArgument` unless `fftSize` is even and ≥ 4 and `1 ≤ hopLength ≤ fftSize / 2`
    ///   (so the summed squared window that ``inverse(_:length:)`` divides by stays away from zero).
    public init(fftSize: Int = 1024, hopLength: Int = 256) throws {
        guard fftSize >= 4, fftSize % 2 == 0, fftSize <= Int(Int32.max) else {
            throw AudioError.invalidArgument(reason: "STFT size \(fftSize) must be even and at least 4")
        }
        guard hopLength >= 1, hopLength <= fftSize / 2 else {
            throw AudioError.invalidArgument(reason: "STFT hop \(hopLength) must be in 1...\(fftSize / 2)")
        }
        self.fftSize = fftSize
        self.hopLength = hopLength
        window = Self.periodicHann(size: fftSize)
        fft = RealFFT.shared(size: fftSize)
    }

    /// Frequency bins per frame, `fftSize / 2 + 1`.
    public var frequencies: Int { fftSize / 2 + 1 }

    /// Frames for a signal of `length` samples: `1 + length / hopLength`.
    public func frameCount(length: Int) -> Int { 1 + length / hopLength }

    /// The periodic Hann window of `size` samples, `torch.hann_window(size, periodic=True)` evaluated in
    /// Double and rounded to Float (PyTorch evaluates it in Float and differs by up to 2e-7).
    public static func periodicHann(size: Int) -> [Float] {
        (0..<size).map { n in Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(size))) }
    }

    /// The spectrogram of `signal`: frame `t` is the DFT of the window times samples
    /// `t·hop − fftSize/2 ..< t·hop + fftSize/2` of the reflect-padded signal.
    /// - Throws: `.invalidArgument` when `signal` has `fftSize / 2` samples or fewer (reflect padding
    ///   needs more, as in PyTorch).
    public func forward(_ signal: [Float]) throws -> Spectrogram {
        let half = fftSize / 2
        guard signal.count > half else {
            throw AudioError.invalidArgument(
                reason: "the STFT with reflect padding needs more than \(half) samples, got \(signal.count)")
        }
        let frames = frameCount(length: signal.count)
        var spectrogram = Spectrogram(frequencies: frequencies, frames: frames)
        let scratch = RealFFT.Scratch(size: fftSize)
        let last = signal.count - 1
        spectrogram.real.withUnsafeMutableBufferPointer { real in
            spectrogram.imag.withUnsafeMutableBufferPointer { imag in
                signal.withUnsafeBufferPointer { x in
                    window.withUnsafeBufferPointer { w in
                        for t in 0..<frames {
                            let start = t * hopLength - half
                            for n in 0..<fftSize {
                                var i = start + n
                                if i < 0 { i = -i } else if i > last { i = 2 * last - i }
                                scratch.real[n] = w[n] * x[i]
                            }
                            fft.forward(scratch)
                            for k in 0..<frequencies {
                                real[k * frames + t] = scratch.complexValues[2 * k]
                                imag[k * frames + t] = scratch.complexValues[2 * k + 1]
                            }
                        }
                    }
                }
            }
        }
        return spectrogram
    }
}
