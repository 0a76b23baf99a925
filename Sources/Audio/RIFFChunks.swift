/// The byte ranges of the `fmt ` and `data` chunks of a RIFF/WAVE file, found with bounds checks.
struct RIFFChunks {
    /// The body of the first `fmt ` chunk.
    let format: Range<Int>
    /// The body of the first `data` chunk.
    let data: Range<Int>

    /// Walks the chunk list of `bytes`; `file` names the file in errors.
    ///
    /// Unknown chunks are skipped (with their pad byte when the size is odd). A `data` chunk declaring
    /// more bytes than the file holds, and a missing `fmt ` or `data` chunk, are `.truncated`.
    init(bytes: [UInt8], file: String) throws {
        let all = bytes[...]
        guard bytes.count >= 4, bytes[0..<4].elementsEqual("RIFF".utf8) else { throw AudioError.notWAV(file: file) }
        guard bytes.count >= 12 else {
            throw AudioError.truncated(file: file, reason: "the file is \(bytes.count) bytes, shorter than a RIFF header")
        }
        guard bytes[8..<12].elementsEqual("WAVE".utf8) else { throw AudioError.notWAV(file: file) }
        var format: Range<Int>?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count, format == nil || data == nil {
            let identifier = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(LittleEndian.uint32(all, offset + 4))
            let start = offset + 8
            let available = bytes.count - start
            guard size <= available else {
                throw AudioError.truncated(
                    file: file,
                    reason: "the '\(identifier)' chunk declares \(size) bytes but only \(available) are present")
            }
            switch identifier {
            case "fmt ": format = format ?? start..<start + size
            case "data": data = data ?? start..<start + size
            default: break
            }
            offset = start + size + (size & 1)
        }
        guard let format else { throw AudioError.truncated(file: file, reason: "no 'fmt ' chunk") }
        guard let data else { throw AudioError.truncated(file: file, reason: "no 'data' chunk") }
        self.format = format
        self.data = data
    }
}
