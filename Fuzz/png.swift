// libFuzzer target: the PNG reader (header checks, then libpng through Cairo).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size)
    _ = try? PNGFile.readRGB(path)
    return 0
}
