/// Builds WAV files byte by byte, including malformed ones, for the reader tests.
struct WAVTestFile {
    var formatCode: UInt16 = 1
    var channels: Int = 1
    var sampleRate: Int = 16000
    var bitsPerSample: Int = 16
    var extensible = false
    var data: [UInt8] = []
    /// Overrides the `data` chunk's declared size (to fake truncation).
    var declaredDataSize: Int?
    var includeFormat = true
    var includeData = true
    /// Chunks placed before `fmt ` (say, a `LIST` chunk the reader must skip).
    var leadingChunks: [(String, [UInt8])] = []

    /// The file's bytes.
    var bytes: [UInt8] {
        var body = Array("WAVE".utf8)
        for (identifier, content) in leadingChunks { body += chunk(identifier, content, declared: content.count) }
        if includeFormat {
            var fmt: [UInt8] = []
            let blockAlign = channels * bitsPerSample / 8
            append16(extensible ? 0xFFFE : formatCode, &fmt)
            append16(UInt16(channels), &fmt)
            append32(UInt32(sampleRate), &fmt)
            append32(UInt32(sampleRate * blockAlign), &fmt)
            append16(UInt16(blockAlign), &fmt)
            append16(UInt16(bitsPerSample), &fmt)
            if extensible {
                append16(22, &fmt)  // cbSize
                append16(UInt16(bitsPerSample), &fmt)  // valid bits
                append32(channels == 2 ? 3 : 4, &fmt)  // channel mask
                append16(formatCode, &fmt)  // sub-format GUID: code, then the fixed KSDATAFORMAT tail
                fmt += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
            }
            body += chunk("fmt ", fmt, declared: fmt.count)
        }
        if includeData { body += chunk("data", data, declared: declaredDataSize ?? data.count) }
        var file = Array("RIFF".utf8)
        append32(UInt32(body.count), &file)
        return file + body
    }

    /// Little-endian sample bytes for integer PCM codes of `bitsPerSample` bits.
    static func pcm(_ codes: [Int], bits: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for code in codes {
            let value = bits == 8 ? code + 128 : code
            for byte in 0..<bits / 8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
        }
        return bytes
    }

    /// Little-endian IEEE float bytes.
    static func float32(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values { append32(value.bitPattern, &bytes) }
        return bytes
    }

    /// Little-endian IEEE double bytes.
    static func float64(_ values: [Double]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            append32(UInt32(truncatingIfNeeded: value.bitPattern), &bytes)
            append32(UInt32(truncatingIfNeeded: value.bitPattern >> 32), &bytes)
        }
        return bytes
    }

    private func chunk(_ identifier: String, _ content: [UInt8], declared: Int) -> [UInt8] {
        var bytes = Array(identifier.utf8)
        append32(UInt32(declared), &bytes)
        bytes += content
        if content.count % 2 == 1 { bytes.append(0) }
        return bytes
    }
}

private func append16(_ value: UInt16, _ bytes: inout [UInt8]) {
    bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
}

private func append32(_ value: UInt32, _ bytes: inout [UInt8]) {
    for shift in [0, 8, 16, 24] { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
}
