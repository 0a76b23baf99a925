import Audio
import Foundation
import Testing

@Suite("STFT")
struct STFTTests {
    /// `count` uniform samples in [-1, 1).
    private func noise(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.signed() }
    }

    @Test("the default is 1,024-point frames, hop 256, 513 bins and 1 + n/256 frames")
    func shape() throws {
        let stft = try STFT()
        #expect(stft.fftSize == 1024 && stft.hopLength == 256 && stft.frequencies == 513)
        let spectrogram = try stft.forward(noise(3000, seed: 1))
        #expect(spectrogram.frequencies == 513 && spectrogram.frames == 12)
        #expect(spectrogram.real.count == 513 * 12 && spectrogram.imag.count == 513 * 12)
        #expect(stft.frameCount(length: 64000) == 251)
        #expect(stft.window[0] == 0 && stft.window[512] == 1 && abs(stft.window[256] - 0.5) < 1e-7)
    }

    @Test("istft(stft(x)) == x for lengths that are and are not multiples of the hop",
          arguments: [513, 1000, 1024, 3000, 4096, 16001, 64000])
    func reconstruction(length: Int) throws {
        let stft = try STFT()
        let signal = noise(length, seed: UInt64(length))
        let back = try stft.inverse(stft.forward(signal), length: length)
        let error = zip(back, signal).map { abs($0 - $1) }.max() ?? 0
        #expect(back.count == length)
        #expect(error < 1e-5, "max |istft(stft(x)) − x| = \(error)")
    }

    @Test("reconstruction with other sizes and hops", arguments: [(16, 4), (64, 16), (512, 128), (256, 128), (400, 100)])
    func otherSizes(size: Int, hop: Int) throws {
        let stft = try STFT(fftSize: size, hopLength: hop)
        let signal = noise(5 * size + 3, seed: UInt64(size))
        let back = try stft.inverse(stft.forward(signal), length: signal.count)
        #expect((zip(back, signal).map { abs($0 - $1) }.max() ?? 0) < 1e-5)
    }

    @Test("torch.stft golden values", arguments: [("default", 1024, 256), ("small", 64, 16)])
    func goldenForward(config: String, size: Int, hop: Int) throws {
        let stft = try STFT(fftSize: size, hopLength: hop)
        let input = try Fixtures.npy("stft_\(config)_input").values
        let real = try Fixtures.npy("stft_\(config)_real")
        let imag = try Fixtures.npy("stft_\(config)_imag").values
        let spectrogram = try stft.forward(input)
        #expect(real.shape == [spectrogram.frequencies, spectrogram.frames])
        let realError = peakRelativeError(spectrogram.real, real.values)
        let imagError = peakRelativeError(spectrogram.imag, imag)
        #expect(realError < 1e-5 && imagError < 1e-5, "relative error real \(realError), imag \(imagError)")
    }

    @Test("torch.istft golden values on a spectrogram that is not Hermitian-consistent",
          arguments: [("default", 1024, 256), ("small", 64, 16)])
    func goldenInverse(config: String, size: Int, hop: Int) throws {
        let stft = try STFT(fftSize: size, hopLength: hop)
        let real = try Fixtures.npy("istft_\(config)_spec_real")
        let imag = try Fixtures.npy("istft_\(config)_spec_imag").values
        let spectrogram = try Spectrogram(frequencies: real.shape[0], frames: real.shape[1], real: real.values, imag: imag)
        for name in ["output", "output_long"] {
            let expected = try Fixtures.npy("istft_\(config)_\(name)").values
            let output = try stft.inverse(spectrogram, length: expected.count)
            let error = peakRelativeError(output, expected)
            #expect(error < 1e-5, "\(name): relative error \(error)")
        }
        // The long output runs past the last frame: its last 72 samples are zeros, as in PyTorch.
        let long = try stft.inverse(spectrogram, length: try Fixtures.npy("istft_\(config)_output_long").values.count)
        #expect(long.suffix(72).allSatisfy { $0 == 0 } && long.dropLast(72).last != 0)
    }

    @Test("the imaginary parts of the DC and Nyquist bins do not reach the inverse")
    func edgeBinsIgnored() throws {
        let stft = try STFT(fftSize: 32, hopLength: 8)
        var spectrogram = try stft.forward(noise(100, seed: 5))
        let before = try stft.inverse(spectrogram, length: 100)
        for t in 0..<spectrogram.frames {
            spectrogram.imag[t] = 3
            spectrogram.imag[16 * spectrogram.frames + t] = -2
        }
        #expect(try stft.inverse(spectrogram, length: 100) == before)
    }

    @Test("the default inverse length is hop·(frames − 1)")
    func defaultLength() throws {
        let stft = try STFT()
        #expect(try stft.inverse(stft.forward(noise(3000, seed: 2))).count == 256 * 11)
    }

    @Test("channels are the [2, frequencies, frames] tensor, real then imaginary")
    func channelsLayout() throws {
        let spectrogram = try Spectrogram(frequencies: 2, frames: 3, real: [1, 2, 3, 4, 5, 6], imag: [7, 8, 9, 10, 11, 12])
        #expect(spectrogram.channels == (1...12).map(Float.init))
        #expect(spectrogram[1, 0] == (real: 4, imag: 10))
        #expect(try Spectrogram(channels: spectrogram.channels, frequencies: 2, frames: 3) == spectrogram)
        #expect(throws: AudioError.self) { try Spectrogram(channels: [1, 2, 3], frequencies: 2, frames: 3) }
        #expect(throws: AudioError.self) { try Spectrogram(frequencies: 2, frames: 3, real: [1], imag: [2]) }
    }

    @Test("magnitude in dB: 20·log10(|S| + ε)")
    func magnitudeDB() throws {
        let spectrogram = try Spectrogram(frequencies: 1, frames: 3, real: [3, 0, 0.1], imag: [4, 0, 0])
        let decibels = STFT.magnitudeDB(spectrogram)
        #expect(abs(decibels[0] - 20 * log10(Float(5))) < 1e-5)
        #expect(abs(decibels[1] + 160) < 1e-3)
        #expect(abs(decibels[2] + 20) < 1e-4)
        #expect(abs(STFT.magnitudeDB(spectrogram, epsilon: 1)[1]) < 1e-7)
    }

    @Test("invalid sizes, hops, short signals and mismatched spectrograms are errors")
    func errors() throws {
        #expect(throws: AudioError.self) { try STFT(fftSize: 1023) }
        #expect(throws: AudioError.self) { try STFT(fftSize: 2, hopLength: 1) }
        #expect(throws: AudioError.self) { try STFT(fftSize: 1024, hopLength: 0) }
        #expect(throws: AudioError.self) { try STFT(fftSize: 1024, hopLength: 513) }
        let stft = try STFT()
        #expect(throws: AudioError.invalidArgument(
            reason: "the STFT with reflect padding needs more than 512 samples, got 512")) {
            try stft.forward([Float](repeating: 0.1, count: 512))
        }
        let other = try STFT(fftSize: 64, hopLength: 16).forward(noise(200, seed: 3))
        #expect(throws: AudioError.self) { try stft.inverse(other, length: 200) }
        #expect(throws: AudioError.self) { try stft.inverse(Spectrogram(frequencies: 513, frames: 2), length: -1) }
    }

    @Test("transforms of several sizes from several threads at once agree with serial ones")
    func concurrentUse() throws {
        let sizes = [48, 96, 160, 200, 320, 1024, 2048, 80]
        let signal = noise(4000, seed: 9)
        let serial = try sizes.map { try STFT(fftSize: $0, hopLength: $0 / 4).forward(signal) }
        let results = ResultBox(count: sizes.count)
        DispatchQueue.concurrentPerform(iterations: sizes.count * 4) { i in
            let index = i % sizes.count
            let spectrogram = try? STFT(fftSize: sizes[index], hopLength: sizes[index] / 4).forward(signal)
            results.set(index, spectrogram == serial[index])
        }
        #expect(results.all)
    }
}

/// Collects per-index success flags from concurrent work.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var flags: [Bool]

    init(count: Int) { flags = Array(repeating: true, count: count) }

    func set(_ index: Int, _ ok: Bool) {
        lock.lock()
        flags[index] = flags[index] && ok
        lock.unlock()
    }

    var all: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flags.allSatisfy { $0 }
    }
}
