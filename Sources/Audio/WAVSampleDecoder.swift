/// Turns the body of a `data` chunk into mono `Float` samples.
enum WAVSampleDecoder {
    /// The frames of `bytes`, each the mean of its channels, in [-1, 1].
    ///
    /// Integer PCM is scaled by 2^(bits−1) (8-bit PCM is unsigned, centred on 128); float samples are
    /// clamped to [-1, 1] and NaN becomes 0. A trailing partial frame is ignored.
    /// - Throws: `.emptyAudio` when not even one complete frame is present.
    static func monoSamples(bytes: ArraySlice<UInt8>, format: WAVFormat, file: String) throws -> [Float] {
        let frames = bytes.count / format.blockAlign
        guard frames > 0 else { throw AudioError.emptyAudio(file: file) }
        let channels = format.channels
        let width = format.bitsPerSample / 8
        let decode = sampleReader(format)
        let base = bytes.startIndex
        var samples = [Float](repeating: 0, count: frames)
        for frame in 0..<frames {
            var sum = 0.0
            let frameStart = base + frame * format.blockAlign
            for channel in 0..<channels { sum += decode(bytes, frameStart + channel * width) }
            samples[frame] = Float(sum / Double(channels))
        }
        return samples
    }

    /// A function reading one sample at a byte offset, as a Double in [-1, 1].
    private static func sampleReader(_ format: WAVFormat) -> (ArraySlice<UInt8>, Int) -> Double {
        switch (format.encoding, format.bitsPerSample) {
        case (.pcm, 8):
            return { bytes, i in (Double(bytes[i]) - 128) / 128 }
        case (.pcm, 16):
            return { bytes, i in Double(Int16(bitPattern: LittleEndian.uint16(bytes, i))) / 32768 }
        case (.pcm, 24):
            return { bytes, i in
                let unsigned = UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 24
                return Double(Int32(bitPattern: unsigned) >> 8) / 8_388_608
            }
        case (.pcm, _):
            return { bytes, i in Double(Int32(bitPattern: LittleEndian.uint32(bytes, i))) / 2_147_483_648 }
        case (.float, 32):
            return { bytes, i in clamped(Double(Float(bitPattern: LittleEndian.uint32(bytes, i)))) }
        case (.float, _):
            return { bytes, i in clamped(Double(bitPattern: LittleEndian.uint64(bytes, i))) }
        }
    }

    /// `value` limited to [-1, 1], with NaN mapped to 0.
    private static func clamped(_ value: Double) -> Double {
        value.isNaN ? 0 : min(1, max(-1, value))
    }
}
