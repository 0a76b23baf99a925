import CGzip

/// Decompresses a gzip stream (RFC 1952, one or more members) chunk by chunk with zlib, which also
/// checks each member's CRC-32 and length.
final class GzipDecoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 18)
    /// The file the stream is read from, named in errors.
    private let file: String
    /// True between the end of a member and the start of the next one.
    private var memberEnded = false
    private var sawInput = false

    /// - Throws: `FetchError.corruptGzip` if zlib cannot be set up.
    init(file: String) throws {
        self.file = file
        // 15 + 16: the largest window, expecting a gzip header and trailer.
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw FetchError.corruptGzip(file: file, reason: "zlib could not start (code \(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, handing each piece of output to `sink`.
    /// - Throws: `FetchError.corruptGzip` for damaged data, or what `sink` throws.
    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        sawInput = true
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        defer { stream.next_in = nil; stream.avail_in = 0 }
        let capacity = output.count
        try output.withUnsafeMutableBytes { out in
            let outBase = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            while true {
                if memberEnded {
                    guard stream.avail_in > 0 else { return }
                    inflateReset(&stream)
                    memberEnded = false
                }
                stream.next_out = outBase
                stream.avail_out = uInt(capacity)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = capacity - Int(stream.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(start: out.baseAddress, count: produced)) }
                switch status {
                case Z_STREAM_END:
                    memberEnded = true
                case Z_OK, Z_BUF_ERROR:
                    if stream.avail_in == 0 && stream.avail_out > 0 { return }
                    if status == Z_BUF_ERROR { throw FetchError.corruptGzip(file: file, reason: "no progress possible") }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib code \(status)"
                    throw FetchError.corruptGzip(file: file, reason: message)
                }
            }
        }
    }

    /// Checks that the stream ended where the input did.
    /// - Throws: `FetchError.corruptGzip` if the input was empty or stopped inside a member.
    func finish() throws {
        guard sawInput else { throw FetchError.corruptGzip(file: file, reason: "the file is empty") }
        guard memberEnded else { throw FetchError.corruptGzip(file: file, reason: "the stream ends early (truncated)") }
    }
}
