import CBLAS
import CNNKernels

/// 1×1 convolutions as matrix products over panels of images: a panel of B images is gathered into a
/// channel-major `[C, B·HW]` matrix (about 32K floats, so it stays in L2), multiplied once, and
/// scattered back. One `sgemm` per panel instead of one per image keeps OpenBLAS's per-call packing
/// of the weight matrix from dominating on small planes (4×4, 2×2, 1×1).
extension Conv2d {
    /// Floats per panel operand the blocking aims for.
    static let panelBudget = 32_768

    /// Images per panel for planes of `plane` pixels, at most `images`.
    func panelImages(plane: Int, images: Int) -> Int {
        max(1, min(images, Self.panelBudget / max(1, plane * max(inChannels, outChannels))))
    }

    func forwardPointwise(images: Range<Int>, scratch: UnsafeMutablePointer<Float>, plane: Int,
                          x: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let perPanel = panelImages(plane: plane, images: images.count)
        let packed = scratch, product = scratch + max(inChannels, outChannels) * perPanel * plane
        for first in Swift.stride(from: images.lowerBound, to: images.upperBound, by: perPanel) {
            let count = min(perPanel, images.upperBound - first), width = Int32(count * plane)
            nn_pack_channels(x + first * inChannels * plane, Int32(count), Int32(inChannels), Int32(plane), packed)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), width, Int32(inChannels),
                        1, w, Int32(inChannels), packed, width, 0, product, width)
            nn_unpack_channels(product, Int32(count), Int32(outChannels), Int32(plane), y + first * outChannels * plane)
        }
    }

    func backwardPointwise(images: Range<Int>, scratch: UnsafeMutablePointer<Float>, plane: Int,
                           x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>,
                           dw: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let perPanel = panelImages(plane: plane, images: images.count)
        let inputs = scratch, gradients = scratch + max(inChannels, outChannels) * perPanel * plane
        let cin = Int32(inChannels), cout = Int32(outChannels)
        for first in Swift.stride(from: images.lowerBound, to: images.upperBound, by: perPanel) {
            let count = min(perPanel, images.upperBound - first), width = Int32(count * plane)
            nn_pack_channels(x + first * inChannels * plane, Int32(count), cin, Int32(plane), inputs)
            nn_pack_channels(dy + first * outChannels * plane, Int32(count), cout, Int32(plane), gradients)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, cout, cin, width, 1, gradients, width, inputs, width,
                        1, dw, cin)
            guard let dx else { continue }
            // The input panel is no longer needed: it receives Wᵀ · dY.
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, cin, width, cout, 1, w, cin, gradients, width,
                        0, inputs, width)
            nn_unpack_channels(inputs, Int32(count), cin, Int32(plane), dx + first * inChannels * plane)
        }
    }
}
