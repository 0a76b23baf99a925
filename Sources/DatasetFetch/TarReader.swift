/// One member of a tar archive that is unpacked: a regular file or a directory.
struct TarEntry: Equatable {
    enum Kind: Equatable {
        case file
        case directory
    }

    /// The path below the unpack directory: relative, `/`-separated, without `.`, `..` or empty components.
    let path: String
    let kind: Kind
}

/// Receives the members of a tar stream in order: `begin`, the data in pieces, `end`.
protocol TarEntryHandler: AnyObject {
    func begin(_ entry: TarEntry) throws
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func end() throws
}

/// Reads a tar stream (POSIX ustar, pax `path`/`size` records, GNU long names, old v7 headers)
/// pushed in pieces of any size. Links, devices and other special members are refused, as are
/// absolute paths and paths with `..`, so nothing can be written outside the unpack directory.
final class TarReader {
    private enum State {
        /// Collecting a 512-byte header.
        case header
        /// Passing a member's data to the handler.
        case data(remaining: Int64)
        /// Collecting the data of a GNU long-name or pax header member.
        case metadata(remaining: Int64, isPax: Bool)
        /// Skipping data (pax global headers) or the padding to the next 512-byte boundary.
        case skip(remaining: Int64)
        /// After the end-of-archive block.
        case ended
    }

    private let handler: TarEntryHandler
    /// The archive, named in errors.
    private let file: String
    private var state = State.header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    /// The path (and size) the next header takes from a GNU long-name or pax member.
    private var pendingPath: String?
    private var pendingSize: Int64?
    /// Padding owed after the current member's data.
    private var padding: Int64 = 0

    init(file: String, handler: TarEntryHandler) {
        self.file = file
        self.handler = handler
    }

    /// Reads the next piece of the stream.
    /// - Throws: `FetchError.corruptTar` for a damaged or refused member, or what the handler throws.
    func consume(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let available = bytes.count - offset
            switch state {
            case .ended:
                return
            case .header:
                let take = min(512 - block.count, available)
                block += bytes[offset..<offset + take]
                offset += take
                if block.count == 512 {
                    let header = block
                    block.removeAll(keepingCapacity: true)
                    try readHeader(header)
                }
            case let .data(remaining):
                let take = Int(min(Int64(available), remaining))
                try handler.write(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
                offset += take
                if remaining == Int64(take) {
                    try handler.end()
                    state = padding > 0 ? .skip(remaining: padding) : .header
                } else {
                    state = .data(remaining: remaining - Int64(take))
                }
            case let .metadata(remaining, isPax):
                let take = Int(min(Int64(available), remaining))
                metadata += bytes[offset..<offset + take]
                offset += take
                if remaining == Int64(take) {
                    try readMetadata(isPax: isPax)
                    state = padding > 0 ? .skip(remaining: padding) : .header
                } else {
                    state = .metadata(remaining: remaining - Int64(take), isPax: isPax)
                }
            case let .skip(remaining):
                let take = Int(min(Int64(available), remaining))
                offset += take
                state = remaining == Int64(take) ? .header : .skip(remaining: remaining - Int64(take))
            }
        }
    }

    /// Checks that the stream ended with the end-of-archive block.
    /// - Throws: `FetchError.corruptTar` if it stopped anywhere else.
    func finish() throws {
        guard case .ended = state else {
            throw FetchError.corruptTar(file: file, reason: "the archive ends early, without its end-of-archive block (truncated)")
        }
    }

    /// The most a metadata member (a long name or pax records) may hold.
    private static let metadataLimit: Int64 = 1 << 20

    private func readHeader(_ header: [UInt8]) throws {
        if header.allSatisfy({ $0 == 0 }) {
            guard pendingPath == nil, pendingSize == nil else { throw corrupt("a long-name or pax header is followed by the end of the archive") }
            state = .ended
            return
        }
        guard let stored = Self.octal(header[148..<156]) else { throw corrupt("a header's checksum field is not a number") }
        let unsigned = header.enumerated().reduce(0) { $0 + Int64((148..<156).contains($1.offset) ? 0x20 : $1.element) }
        let signed = header.enumerated().reduce(0) { $0 + Int64((148..<156).contains($1.offset) ? 0x20 : Int64(Int8(bitPattern: $1.element))) }
        guard stored == unsigned || stored == signed else { throw corrupt("a header's checksum does not match (damaged archive)") }
        guard var size = Self.number(header[124..<136]), size >= 0 else { throw corrupt("a header's size field is not a number") }
        let type = header[156]
        let posix = Array(header[257..<263]) == Array("ustar\0".utf8)
        var name = Self.string(header[0..<100])
        if posix, case let prefix = Self.string(header[345..<500]), !prefix.isEmpty { name = prefix + "/" + name }
        if let long = pendingPath { name = long }
        if let paxSize = pendingSize { size = paxSize }
        padding = (512 - size % 512) % 512
        switch type {
        case UInt8(ascii: "L"), UInt8(ascii: "x"):
            guard size <= Self.metadataLimit else { throw corrupt("a long-name or pax header of \(size) bytes") }
            metadata.removeAll(keepingCapacity: true)
            state = size > 0 ? .metadata(remaining: size, isPax: type == UInt8(ascii: "x")) : .header
            if size == 0 { padding = 0 }
            return
        case UInt8(ascii: "g"):
            state = size + padding > 0 ? .skip(remaining: size + padding) : .header
            return
        default:
            break
        }
        pendingPath = nil
        pendingSize = nil
        let kind: TarEntry.Kind
        switch type {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = name.hasSuffix("/") ? .directory : .file
        case UInt8(ascii: "5"): kind = .directory
        case UInt8(ascii: "1"): throw corrupt("'\(name)' is a hard link; links are refused")
        case UInt8(ascii: "2"): throw corrupt("'\(name)' is a symbolic link; links are refused")
        default: throw corrupt("'\(name)' has member type '\(Character(Unicode.Scalar(type)))', which is refused (only files and directories are unpacked)")
        }
        let path = try safePath(name)
        if kind == .directory {
            try handler.begin(TarEntry(path: path, kind: .directory))
            try handler.end()
            state = size + padding > 0 ? .skip(remaining: size + padding) : .header
        } else {
            try handler.begin(TarEntry(path: path, kind: .file))
            if size == 0 {
                try handler.end()
                state = .header
            } else {
                state = .data(remaining: size)
            }
        }
    }

    /// Takes the next member's path (and size) from a GNU long name or pax records.
    private func readMetadata(isPax: Bool) throws {
        guard isPax else {
            pendingPath = Self.string(metadata[...])
            return
        }
        // Records: "<length> <key>=<value>\n", the length counting the whole record.
        var rest = metadata[...]
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
                  length > space - rest.startIndex + 1, length <= rest.count else { throw corrupt("malformed pax header record") }
            let record = rest[(space + 1)..<(rest.startIndex + length - 1)]
            rest = rest[(rest.startIndex + length)...]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else { throw corrupt("malformed pax header record") }
            let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
            let value = String(decoding: record[(equals + 1)...], as: UTF8.self)
            switch key {
            case "path": pendingPath = value
            case "size":
                guard let size = Int64(value), size >= 0 else { throw corrupt("pax size '\(value)' is not a number") }
                pendingSize = size
            default: break
            }
        }
    }

    /// `name` as a safe relative path.
    /// - Throws: `FetchError.corruptTar` for an absolute path, a `..` component or an empty path.
    private func safePath(_ name: String) throws -> String {
        guard !name.hasPrefix("/") else { throw corrupt("'\(name)' has an absolute path; refused") }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !parts.contains("..") else { throw corrupt("'\(name)' points outside the archive with '..'; refused") }
        guard !parts.isEmpty else { throw corrupt("a member has an empty path") }
        return parts.joined(separator: "/")
    }

    private func corrupt(_ reason: String) -> FetchError { .corruptTar(file: file, reason: reason) }

    /// A NUL-terminated field as text.
    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal field (leading spaces, then digits, ended by NUL or space), or nil.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        let digits = field.drop { $0 == 0x20 }.prefix { $0 != 0 && $0 != 0x20 }
        guard !digits.isEmpty, digits.count <= 21 else { return digits.isEmpty && field.allSatisfy({ $0 == 0 || $0 == 0x20 }) ? 0 : nil }
        var value: Int64 = 0
        for digit in digits {
            guard (0x30...0x37).contains(digit) else { return nil }
            value = value * 8 + Int64(digit - 0x30)
        }
        return value
    }

    /// A numeric field: octal, or GNU base-256 (high bit of the first byte set) for large values.
    private static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first, first & 0x80 != 0 else { return octal(field) }
        guard first == 0x80, field.dropFirst().prefix(field.count - 9).allSatisfy({ $0 == 0 }) else { return nil }
        return field.suffix(8).reduce(Int64(0)) { value, byte in value > Int64.max >> 8 ? -1 : (value << 8) | Int64(byte) }
    }
}
