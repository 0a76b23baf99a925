import CNNKernels

/// The sizes of one 2-D convolution applied to an input of a given height and width.
struct ConvolutionShape: Equatable {
    let inputHeight: Int, inputWidth: Int
    let kernel: Size2D, stride: Size2D, padding: Size2D
    let outputHeight: Int, outputWidth: Int

    init(inputHeight: Int, inputWidth: Int, kernel: Size2D, stride: Size2D, padding: Size2D) {
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        outputHeight = (inputHeight + 2 * padding.height - kernel.height) / stride.height + 1
        outputWidth = (inputWidth + 2 * padding.width - kernel.width) / stride.width + 1
        precondition(outputHeight > 0 && outputWidth > 0,
                     "kernel \(kernel) with padding \(padding) does not fit a \(inputHeight)×\(inputWidth) input")
    }

    var inputPlane: Int { inputHeight * inputWidth }
    var outputPlane: Int { outputHeight * outputWidth }
    var kernelArea: Int { kernel.height * kernel.width }

    /// The geometry the C kernels take.
    var c: nn_geometry {
        nn_geometry(h: Int32(inputHeight), w: Int32(inputWidth), kh: Int32(kernel.height), kw: Int32(kernel.width),
                    sh: Int32(stride.height), sw: Int32(stride.width), ph: Int32(padding.height),
                    pw: Int32(padding.width), oh: Int32(outputHeight), ow: Int32(outputWidth))
    }
}
