import Foundation

// libFuzzer target: the WAV reader (RIFF chunks, fmt variants, PCM 8/16/24/32 and float samples).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? WAVFile.decode(Data(bytes: data, count: size))
    return 0
}
