import NN

/// Applying a complex ratio mask to a spectrogram stored as `[N, 2, F, T]` (channel 0 real, 1 imaginary):
/// `estimate = M ⊙ X` as complex numbers, `(Mr·Xr − Mi·Xi, Mr·Xi + Mi·Xr)`.
public enum ComplexMask {
    /// The masked spectrogram `M ⊙ X` (a new tensor); `mask` and `noisy` have the same `[N, 2, F, T]` shape.
    public static func apply(_ mask: Tensor, to noisy: Tensor) -> Tensor {
        let (batch, plane) = layout(mask, noisy)
        let estimate = Tensor(shape: noisy.shape)
        Threading.forEachChunk(of: batch) { _, images in
            for n in images {
                let mr = mask.pointer + 2 * n * plane, mi = mr + plane
                let xr = noisy.pointer + 2 * n * plane, xi = xr + plane
                let er = estimate.pointer + 2 * n * plane, ei = er + plane
                for i in 0..<plane {
                    er[i] = mr[i] * xr[i] - mi[i] * xi[i]
                    ei[i] = mr[i] * xi[i] + mi[i] * xr[i]
                }
            }
        }
        return estimate
    }

    /// dLoss/dM from dLoss/dEstimate `g` (a new tensor): `(gr·Xr + gi·Xi, −gr·Xi + gi·Xr)`.
    public static func maskGradient(_ estimateGradient: Tensor, noisy: Tensor) -> Tensor {
        let (batch, plane) = layout(estimateGradient, noisy)
        let gradient = Tensor(shape: noisy.shape)
        Threading.forEachChunk(of: batch) { _, images in
            for n in images {
                let gr = estimateGradient.pointer + 2 * n * plane, gi = gr + plane
                let xr = noisy.pointer + 2 * n * plane, xi = xr + plane
                let dr = gradient.pointer + 2 * n * plane, di = dr + plane
                for i in 0..<plane {
                    dr[i] = gr[i] * xr[i] + gi[i] * xi[i]
                    di[i] = gi[i] * xr[i] - gr[i] * xi[i]
                }
            }
        }
        return gradient
    }

    private static func layout(_ a: Tensor, _ noisy: Tensor) -> (batch: Int, plane: Int) {
        precondition(noisy.shape.count == 4 && noisy.shape[1] == 2 && a.shape == noisy.shape,
                     "ComplexMask: expected two equal [N, 2, F, T] shapes, got \(a.shape) and \(noisy.shape)")
        return (noisy.shape[0], noisy.shape[2] * noisy.shape[3])
    }
}
