import Audio
import Foundation
import Testing

@Suite("Resampler")
struct ResamplerTests {
    /// `count` samples of `amplitude·sin(2π·frequency·t)` at `rate`.
    private func sine(_ count: Int, frequency: Double, rate: Double, amplitude: Double = 0.8) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / rate)) }
    }

    @Test("1 kHz at 48 kHz → 16 kHz keeps frequency, phase and amplitude; length round(n·16/48)",
          arguments: [48000, 4801, 4802])
    func sineDownsampling(count: Int) throws {
        let input = sine(count, frequency: 1000, rate: 48000)
        let output = try Resampler.resample(input, from: 48000, to: 16000)
        #expect(output.count == Int((Double(count) * 16 / 48).rounded()))
        let ideal = sine(output.count, frequency: 1000, rate: 16000)
        let inner = 64..<(output.count - 64)  // away from the edges, where the filter sees the signal's ends
        var dot = 0.0, outputEnergy = 0.0, idealEnergy = 0.0
        for i in inner {
            dot += Double(output[i]) * Double(ideal[i])
            outputEnergy += Double(output[i]) * Double(output[i])
            idealEnergy += Double(ideal[i]) * Double(ideal[i])
        }
        let correlation = dot / (outputEnergy * idealEnergy).squareRoot()
        let amplitudeRatio = (outputEnergy / idealEnergy).squareRoot()
        #expect(correlation > 0.9999, "correlation \(correlation)")
        #expect(abs(amplitudeRatio - 1) < 1e-3, "amplitude ratio \(amplitudeRatio)")
    }

    @Test("upsampling 16 kHz → 44.1 kHz keeps a 440 Hz tone")
    func upsampling() throws {
        let output = try Resampler.resample(sine(16000, frequency: 440, rate: 16000), from: 16000, to: 44100)
        #expect(output.count == 44100)
        let ideal = sine(44100, frequency: 440, rate: 44100)
        let error = (200..<44000).map { abs(output[$0] - ideal[$0]) }.max() ?? 1
        #expect(error < 1e-3, "max error \(error)")
    }

    @Test("equal rates return the input unchanged")
    func identity() throws {
        let input: [Float] = [0.1, -0.2, 0.3]
        #expect(try Resampler.resample(input, from: 16000, to: 16000) == input)
        #expect(try Resampler.resample([], from: 48000, to: 16000) == [])
    }

    @Test("non-positive rates are errors")
    func errors() {
        #expect(throws: AudioError.self) { try Resampler.resample([1], from: 0, to: 16000) }
        #expect(throws: AudioError.self) { try Resampler.resample([1], from: 16000, to: -1) }
    }
}
