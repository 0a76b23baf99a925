// libFuzzer target: the .npz reader (ZIP directory, stored and deflated entries, .npy headers, dtypes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let tensors = try? NPZ.decode(bytes) { for t in tensors { _ = try? t.keptBits() } }
    return 0
}
