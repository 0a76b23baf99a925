import CMaskKernels

/// The popcount kernels of the similarity computations; each gives the same counts.
public enum MaskKernel: String, Sendable, CaseIterable {
    /// Plain C, any CPU.
    case portable
    /// The x86-64 POPCNT instruction, one 64-bit word at a time.
    case popcnt
    /// AVX2 vpshufb nibble lookups, 256 bits at a time (Muła, Kurz, Lemire 2018).
    case avx2
    /// AVX-512 VPOPCNTDQ, 512 bits at a time.
    case avx512

    /// The fastest kernel this CPU supports (the one used unless another is asked for).
    public static var best: MaskKernel { MaskKernel(ts_best_kernel()) }

    /// Whether this CPU can run the kernel.
    public var isSupported: Bool { ts_kernel_supported(cValue) != 0 }

    /// The kernel's name as `bench jaccard` prints it, e.g. `avx512-vpopcntdq`.
    public var label: String { String(cString: ts_kernel_label(cValue)) }

    var cValue: ts_kernel {
        switch self {
        case .portable: return TS_KERNEL_PORTABLE
        case .popcnt: return TS_KERNEL_POPCNT
        case .avx2: return TS_KERNEL_AVX2
        case .avx512: return TS_KERNEL_AVX512
        }
    }

    init(_ k: ts_kernel) {
        switch k {
        case TS_KERNEL_AVX512: self = .avx512
        case TS_KERNEL_AVX2: self = .avx2
        case TS_KERNEL_POPCNT: self = .popcnt
        default: self = .portable
        }
    }

    /// Number of set bits in `words`.
    public func popcount(_ words: UnsafeBufferPointer<UInt64>) -> Int {
        precondition(isSupported, "kernel \(rawValue) is not supported on this CPU")
        return Int(ts_popcount_with(cValue, words.baseAddress, words.count))
    }
}
