// libFuzzer target: the stop-rule parser (and printing what it parsed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStopRule(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let rule = try? StopRule(text) { _ = rule.description }
    return 0
}
