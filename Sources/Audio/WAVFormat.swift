/// The sample encoding described by a WAV `fmt ` chunk, resolved through `WAVE_FORMAT_EXTENSIBLE`.
struct WAVFormat: Equatable {
    /// How each sample is stored.
    enum Encoding: Equatable {
        /// Integer PCM: unsigned for 8 bits, signed two's complement for 16, 24 and 32 bits.
        case pcm
        /// IEEE 754 floating point, 32 or 64 bits.
        case float
    }

    /// `WAVE_FORMAT_PCM`.
    static let pcmCode = 0x0001
    /// `WAVE_FORMAT_IEEE_FLOAT`.
    static let floatCode = 0x0003
    /// `WAVE_FORMAT_EXTENSIBLE`: the real code is in the first two bytes of the sub-format GUID.
    static let extensibleCode = 0xFFFE

    let encoding: Encoding
    let channels: Int
    let sampleRate: Int
    /// Container size of one sample in bits (8, 16, 24, 32 or 64).
    let bitsPerSample: Int
    /// Bytes per frame (one sample of every channel).
    let blockAlign: Int

    /// Parses the body of a `fmt ` chunk; `file` names the file in errors.
    init(bytes: ArraySlice<UInt8>, file: String) throws {
        let base = bytes.startIndex
        guard bytes.count >= 16 else {
            throw AudioError.truncated(file: file, reason: "the 'fmt ' chunk is \(bytes.count) bytes, needs at least 16")
        }
        var code = Int(LittleEndian.uint16(bytes, base))
        channels = Int(LittleEndian.uint16(bytes, base + 2))
        sampleRate = Int(LittleEndian.uint32(bytes, base + 4))
        blockAlign = Int(LittleEndian.uint16(bytes, base + 12))
        bitsPerSample = Int(LittleEndian.uint16(bytes, base + 14))
        if code == Self.extensibleCode {
            // cbSize(2) validBits(2) channelMask(4) subFormat GUID(16) follow the 16 basic bytes.
            guard bytes.count >= 40 else {
                throw AudioError.truncated(
                    file: file, reason: "the extensible 'fmt ' chunk is \(bytes.count) bytes, needs 40")
            }
            code = Int(LittleEndian.uint16(bytes, base + 24))
        }
        switch (code, bitsPerSample) {
        case (Self.pcmCode, 8), (Self.pcmCode, 16), (Self.pcmCode, 24), (Self.pcmCode, 32): encoding = .pcm
        case (Self.floatCode, 32), (Self.floatCode, 64): encoding = .float
        default: throw AudioError.unsupportedFormat(file: file, formatCode: code, bitsPerSample: bitsPerSample)
        }
        guard channels > 0 else { throw AudioError.invalidFormat(file: file, reason: "0 channels") }
        guard sampleRate > 0 else { throw AudioError.invalidFormat(file: file, reason: "sample rate 0") }
        guard blockAlign == channels * bitsPerSample / 8 else {
            throw AudioError.invalidFormat(
                file: file,
                reason: "block alignment \(blockAlign) does not match \(channels) channels of \(bitsPerSample) bits")
        }
    }
}
