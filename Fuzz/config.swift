import Foundation

// libFuzzer target: the strict config decoder (unknown keys, types, ranges, schedule checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? TrainConfig(json: Data(bytes: data, count: size), source: "fuzz")
    return 0
}
