import Foundation

// libFuzzer target: the CIFAR binary record reader (CIFAR-10 and CIFAR-100 record sizes).
// Only CIFARRecords.swift and DatasetError.swift are compiled in; this constant stands for CIFAR's.
enum CIFAR { static let pixelBytes = 3 * 32 * 32 }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIFAR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    for labelBytes in [1, 2] { _ = try? CIFARRecords.decode(bytes, path: "fuzz", labelBytes: labelBytes) }
    return 0
}
