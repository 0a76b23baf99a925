import CBLAS
import CNNKernels

/// General convolutions (any kernel, stride, padding, groups) as im2col + `sgemm` per image and group.
extension Conv2d {
    func forwardIm2col(images: Range<Int>, column: UnsafeMutablePointer<Float>, geometry: ConvolutionShape,
                       x: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let inGroup = inChannels / groups, outGroup = outChannels / groups
        let rows = inGroup * geometry.kernelArea, plane = geometry.outputPlane
        for n in images {
            for g in 0..<groups {
                nn_im2col(x + (n * inChannels + g * inGroup) * geometry.inputPlane, Int32(inGroup), geometry.c, column)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outGroup), Int32(plane), Int32(rows),
                            1, w + g * outGroup * rows, Int32(rows), column, Int32(plane),
                            0, y + (n * outChannels + g * outGroup) * plane, Int32(plane))
            }
        }
    }

    func backwardIm2col(images: Range<Int>, column: UnsafeMutablePointer<Float>, geometry: ConvolutionShape,
                        x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>,
                        dw: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let inGroup = inChannels / groups, outGroup = outChannels / groups
        let rows = inGroup * geometry.kernelArea, plane = geometry.outputPlane
        if let dx {
            let first = dx + images.lowerBound * inChannels * geometry.inputPlane
            first.update(repeating: 0, count: images.count * inChannels * geometry.inputPlane)
        }
        for n in images {
            for g in 0..<groups {
                let xg = x + (n * inChannels + g * inGroup) * geometry.inputPlane
                let dyg = dy + (n * outChannels + g * outGroup) * plane
                let wg = w + g * outGroup * rows
                nn_im2col(xg, Int32(inGroup), geometry.c, column)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(outGroup), Int32(rows), Int32(plane),
                            1, dyg, Int32(plane), column, Int32(plane), 1, dw + g * outGroup * rows, Int32(rows))
                if let dx {
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rows), Int32(plane), Int32(outGroup),
                                1, wg, Int32(rows), dyg, Int32(plane), 0, column, Int32(plane))
                    nn_col2im_add(column, Int32(inGroup), geometry.c, dx + (n * inChannels + g * inGroup) * geometry.inputPlane)
                }
            }
        }
    }
}
