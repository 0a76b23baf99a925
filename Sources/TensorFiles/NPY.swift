/// The NumPy `.npy` format, versions 1.0, 2.0 and 3.0. Errors carry no path; the caller adds it.
enum NPY {
    /// `\x93NUMPY`, the first six bytes of every .npy file.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Decodes one .npy image into a C-order, little-endian tensor called `name`.
    static func decode(_ bytes: [UInt8], name: String) throws -> NamedTensor {
        func failure(_ reason: String) -> TensorFileError { TensorFileError(path: nil, tensor: name, reason: reason) }
        guard bytes.hasBytes(magic) else { throw failure("not a .npy array (bad magic bytes)") }
        guard bytes.count >= 10 else { throw failure("truncated .npy header") }
        let lengthSize: Int
        switch bytes[6] {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default: throw failure("unsupported .npy format version \(bytes[6]).\(bytes[7])")
        }
        guard let headerLength = bytes.littleEndian(at: 8, size: lengthSize) else {
            throw failure("truncated .npy header")
        }
        let headerStart = 8 + lengthSize
        guard headerLength <= UInt64(bytes.count - headerStart) else {
            throw failure("truncated .npy header: it claims \(headerLength) bytes, \(bytes.count - headerStart) present")
        }
        let dataStart = headerStart + Int(headerLength)
        let header = try NPYHeader(parsing: bytes[headerStart..<dataStart], tensor: name)
        let expected = try NamedTensor.byteCount(dtype: header.dtype, shape: header.shape, tensor: name)
        let present = bytes.count - dataStart
        guard present >= expected else {
            throw failure("truncated .npy data: expected \(expected) bytes, found \(present)")
        }
        guard present == expected else { throw failure("\(present - expected) unexpected bytes after the .npy data") }
        let data = cOrderLittleEndian(
            bytes[dataStart...], shape: header.shape, elementSize: header.dtype.elementSize,
            fortranOrder: header.fortranOrder, bigEndian: header.bigEndian)
        return try NamedTensor(name: name, dtype: header.dtype, shape: header.shape, data: data)
    }

    /// Encodes `tensor` as a .npy image (version 1.0, or 2.0 if the header needs it), C order, little-endian.
    /// - Throws: `TensorFileError` for `bfloat16`, which .npy has no type for.
    static func encode(_ tensor: NamedTensor) throws -> [UInt8] {
        let shape = tensor.shape.count == 1
            ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        guard let descr = descr(of: tensor.dtype) else {
            throw TensorFileError(path: nil, tensor: tensor.name, reason: "bfloat16 has no .npy dtype; write safetensors instead")
        }
        let dictionary = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        // Padded so that the data starts at a multiple of 64 bytes; the header ends with a newline.
        func paddedLength(lengthSize: Int) -> Int {
            dictionary.count + 1 + (64 - (8 + lengthSize + dictionary.count + 1) % 64) % 64
        }
        let lengthSize = paddedLength(lengthSize: 2) <= 0xFFFF ? 2 : 4
        let headerLength = paddedLength(lengthSize: lengthSize)
        var bytes = magic + [lengthSize == 2 ? 1 : 2, 0]
        bytes.appendLittleEndian(UInt64(headerLength), size: lengthSize)
        bytes += dictionary
        bytes += [UInt8](repeating: 0x20, count: headerLength - dictionary.count - 1) + [0x0A]
        bytes += tensor.data
        return bytes
    }

    /// The descr NumPy writes for `dtype`; nil for bfloat16, which NumPy itself lacks.
    private static func descr(of dtype: TensorDType) -> String? {
        switch dtype {
        case .bool: return "|b1"
        case .uint8: return "|u1"
        case .int8: return "|i1"
        case .uint16: return "<u2"
        case .int16: return "<i2"
        case .uint32: return "<u4"
        case .int32: return "<i4"
        case .uint64: return "<u8"
        case .int64: return "<i8"
        case .float16: return "<f2"
        case .bfloat16: return nil
        case .float32: return "<f4"
        case .float64: return "<f8"
        }
    }

    /// Reorders Fortran-order elements into C order and byte-swaps big-endian elements.
    private static func cOrderLittleEndian(
        _ payload: ArraySlice<UInt8>, shape: [Int], elementSize: Int, fortranOrder: Bool, bigEndian: Bool
    ) -> [UInt8] {
        let swap = bigEndian && elementSize > 1
        guard (fortranOrder && shape.count > 1) || swap else { return Array(payload) }
        let base = payload.startIndex
        let count = payload.count / elementSize
        var output = [UInt8](repeating: 0, count: payload.count)
        var strides = [Int](repeating: 1, count: shape.count)  // source strides in elements
        if fortranOrder {
            for axis in shape.indices.dropFirst() { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        } else {
            for axis in shape.indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        }
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for element in 0..<count {
            for byte in 0..<elementSize {
                output[element * elementSize + byte] =
                    payload[base + source * elementSize + (swap ? elementSize - 1 - byte : byte)]
            }
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return output
    }
}
