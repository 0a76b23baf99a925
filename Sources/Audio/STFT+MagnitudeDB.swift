import Foundation

extension STFT {
    /// The magnitude of every bin in decibels, `20·log10(|S| + epsilon)`, in the layout of
    /// `spectrogram` (`[frequencies][frames]` row-major), for spectrogram figures.
    public static func magnitudeDB(_ spectrogram: Spectrogram, epsilon: Float = 1e-8) -> [Float] {
        zip(spectrogram.real, spectrogram.imag).map { re, im in
            20 * log10((re * re + im * im).squareRoot() + epsilon)
        }
    }
}
