// libFuzzer target: the safetensors reader (header length, strict JSON header, offsets, dtypes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let (tensors, _) = try? Safetensors.decode(bytes) { for t in tensors { _ = try? t.keptBits() } }
    return 0
}
