/// Per-chunk buffers of a layer whose forward/backward runs in parallel chunks of the batch
/// (``Threading/forEachChunk(of:_:)``): grown on demand, reused across calls.
struct ChunkBuffers {
    private(set) var tensors: [Tensor] = []

    /// At least `chunks` buffers of at least `count` floats (contents unspecified).
    mutating func prepare(chunks: Int, count: Int) {
        if tensors.count < chunks || (tensors.first?.count ?? 0) < count {
            tensors = (0..<chunks).map { _ in Tensor(shape: [count]) }
        }
    }

    /// `chunks` zeroed buffers of `shape` (e.g. one partial weight gradient per chunk).
    mutating func prepareZeroed(chunks: Int, shape: [Int]) {
        if tensors.count < chunks { tensors = (0..<chunks).map { _ in Tensor(shape: shape) } }
        for tensor in tensors.prefix(chunks) { tensor.zero() }
    }

    subscript(chunk: Int) -> Tensor { tensors[chunk] }

    /// Adds the first `chunks` buffers into `gradient`, in chunk order (so results do not depend on
    /// which thread finished first).
    func sum(chunks: Int, into gradient: Tensor) {
        let g = gradient.pointer
        for partial in tensors.prefix(chunks) {
            for i in 0..<gradient.count { g[i] += partial.pointer[i] }
        }
    }
}

/// Adds the sum over images and positions of each channel of `dy` (`[N, channels, plane]`) to
/// `db[channel]`: a convolution's bias gradient. Sums per image in Float, across images in Double.
func accumulateChannelSums(into db: UnsafeMutablePointer<Float>, from dy: UnsafePointer<Float>, batch: Int, channels: Int, plane: Int) {
    for c in 0..<channels {
        var sum: Double = 0
        for n in 0..<batch {
            let p = dy + (n * channels + c) * plane
            var s: Float = 0
            for i in 0..<plane { s += p[i] }
            sum += Double(s)
        }
        db[c] += Float(sum)
    }
}
