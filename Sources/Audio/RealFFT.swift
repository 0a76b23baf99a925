import CFFTW
import Foundation

/// FFTW single-precision real-to-complex and complex-to-real plans of one size, shared process-wide.
///
/// Plans are made once per size with `FFTW_ESTIMATE` (deterministic, no timing runs) under a lock,
/// because FFTW's planner is not thread-safe; executing a plan on new arrays is, so one `RealFFT`
/// serves any number of threads, each with its own ``Scratch``. Neither direction is normalised.
final class RealFFT: @unchecked Sendable {
    /// Transform length (real samples).
    let size: Int
    /// Complex bins of the one-sided spectrum, `size / 2 + 1`.
    var bins: Int { size / 2 + 1 }
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    private static let plannerLock = NSLock()
    nonisolated(unsafe) private static var cache: [Int: RealFFT] = [:]

    /// The shared plans for `size`, made on first use.
    static func shared(size: Int) -> RealFFT {
        plannerLock.lock()
        defer { plannerLock.unlock() }
        if let plans = cache[size] { return plans }
        let plans = RealFFT(size: size)
        cache[size] = plans
        return plans
    }

    /// Plans both directions; call only with `plannerLock` held.
    private init(size: Int) {
        self.size = size
        let scratch = Scratch(size: size)
        let flags = UInt32(FFTW_ESTIMATE)
        guard let forward = fftwf_plan_dft_r2c_1d(Int32(size), scratch.real, scratch.complex, flags),
              let inverse = fftwf_plan_dft_c2r_1d(Int32(size), scratch.complex, scratch.real, flags)
        else { fatalError("FFTW could not plan a real transform of size \(size)") }
        forwardPlan = forward
        inversePlan = inverse
    }

    /// `scratch.complexValues` ← DFT of `scratch.real` (`bins` interleaved re/im pairs).
    func forward(_ scratch: Scratch) {
        fftwf_execute_dft_r2c(forwardPlan, scratch.real, scratch.complex)
    }

    /// `scratch.real` ← unnormalised inverse DFT of the Hermitian spectrum in `scratch.complexValues`,
    /// whose contents it destroys. The imaginary parts of the DC and Nyquist bins are set to zero first,
    /// so they never contribute, whatever algorithm FFTW chose.
    func inverse(_ scratch: Scratch) {
        scratch.complexValues[1] = 0
        if size % 2 == 0 { scratch.complexValues[2 * (bins - 1) + 1] = 0 }
        fftwf_execute_dft_c2r(inversePlan, scratch.complex, scratch.real)
    }

    /// SIMD-aligned work arrays for one transform at a time, owned by one thread.
    ///
    /// Allocated with 64-byte alignment by Swift rather than `fftwf_malloc` (which FFTW does not document
    /// as thread-safe); plans are made on such arrays too, so the alignment they assume always holds.
    final class Scratch {
        /// `size` real samples.
        let real: UnsafeMutablePointer<Float>
        /// `size / 2 + 1` complex bins.
        let complex: UnsafeMutablePointer<fftwf_complex>
        /// The complex bins viewed as interleaved floats: re0, im0, re1, im1, …
        let complexValues: UnsafeMutablePointer<Float>

        /// Zeroed arrays for transforms of length `size`.
        init(size: Int) {
            let bins = size / 2 + 1
            let realMemory = UnsafeMutableRawPointer.allocate(byteCount: size * 4, alignment: 64)
            let complexMemory = UnsafeMutableRawPointer.allocate(byteCount: bins * 8, alignment: 64)
            real = realMemory.initializeMemory(as: Float.self, repeating: 0, count: size)
            complexValues = complexMemory.initializeMemory(as: Float.self, repeating: 0, count: 2 * bins)
            complex = UnsafeMutableRawPointer(complexValues).assumingMemoryBound(to: fftwf_complex.self)
        }

        deinit {
            UnsafeMutableRawPointer(real).deallocate()
            UnsafeMutableRawPointer(complexValues).deallocate()
        }
    }
}
