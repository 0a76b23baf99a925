/// Channel-axis building blocks on NCHW tensors: concatenation, slicing and per-plane reductions.
public enum ChannelOps {
    /// Writes `parts` (all `[N, Ci, H, W]` with equal N, H, W) one after another along the channel
    /// axis of `output`, which must be `[N, ΣCi, H, W]`.
    public static func concatenate(_ parts: [Tensor], into output: Tensor) {
        let batch = output.shape[0], plane = output.shape.dropFirst(2).reduce(1, *)
        let total = parts.reduce(0) { $0 + $1.shape[1] }
        precondition(output.shape[1] == total, "concatenate: \(total) channels into \(output.shape)")
        var first = 0
        for part in parts {
            precondition(part.shape[0] == batch && part.shape.dropFirst(2).reduce(1, *) == plane,
                         "concatenate: \(part.shape) does not fit \(output.shape)")
            copyChannels(from: part, 0..<part.shape[1], to: output, at: first, accumulate: false)
            first += part.shape[1]
        }
    }

    /// Copies (or, with `accumulate`, adds) channels `channels` of `source` into `destination` starting
    /// at channel `at`, for every image. Both tensors have the same N and plane size.
    public static func copyChannels(from source: Tensor, _ channels: Range<Int>, to destination: Tensor, at: Int,
                                    accumulate: Bool) {
        let batch = source.shape[0], plane = source.shape.dropFirst(2).reduce(1, *)
        let sourceChannels = source.shape[1], destinationChannels = destination.shape[1]
        precondition(channels.upperBound <= sourceChannels && at + channels.count <= destinationChannels,
                     "copyChannels: \(channels) of \(source.shape) at \(at) of \(destination.shape)")
        let length = channels.count * plane
        Threading.forEachChunk(of: batch) { _, images in
            for n in images {
                let from = source.pointer + (n * sourceChannels + channels.lowerBound) * plane
                let to = destination.pointer + (n * destinationChannels + at) * plane
                if accumulate {
                    for i in 0..<length { to[i] += from[i] }
                } else {
                    to.update(from: from, count: length)
                }
            }
        }
    }

    /// `output[p]` = mean of `input[p * plane ..< (p + 1) * plane]` for each of `planes` planes.
    static func planeMeans(_ input: UnsafeMutablePointer<Float>, planes: Int, plane: Int,
                           into output: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(plane)
        for p in 0..<planes {
            var sum: Float = 0
            let base = input + p * plane
            for i in 0..<plane { sum += base[i] }
            output[p] = sum * scale
        }
    }
}
