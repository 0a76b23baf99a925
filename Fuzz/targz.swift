import Foundation

// libFuzzer target: the .tar.gz reader of `data fetch` (GzipDecoder → TarReader), with a handler
// that writes nothing. Each input is read twice: as gzip (then tar), and as a bare tar stream, both
// pushed in pieces whose sizes come from the input itself so that chunk boundaries are explored too.
final class NullHandler: TarEntryHandler {
    func begin(_ entry: TarEntry) throws {
        precondition(!entry.path.hasPrefix("/") && !entry.path.split(separator: "/").contains(".."), "unsafe path \(entry.path)")
    }
    func write(_ bytes: UnsafeRawBufferPointer) throws {}
    func end() throws {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTarGz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let piece = max(1, Int(size > 0 ? input[0] : 1) * 7)
    func pieces(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        while offset < size {
            let end = min(size, offset + piece)
            try body(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
            offset = end
        }
    }
    let tar = TarReader(file: "fuzz", handler: NullHandler())
    if let gzip = try? GzipDecoder(file: "fuzz") {
        _ = try? pieces { bytes in try gzip.decode(bytes) { try tar.consume($0) } }
        _ = try? gzip.finish()
        _ = try? tar.finish()
    }
    let bare = TarReader(file: "fuzz", handler: NullHandler())
    _ = try? pieces { try bare.consume($0) }
    _ = try? bare.finish()
    return 0
}
