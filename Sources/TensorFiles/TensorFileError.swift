/// An error reading, validating or writing a tensor file, described in one line.
///
/// The description names the file (when there is one), the tensor (when the problem is in one tensor)
/// and what is wrong, e.g. `masks.npz: tensor 'fc1': unsupported dtype '<f8'`.
public struct TensorFileError: Error, CustomStringConvertible, Equatable {
    /// The file being read or written; `nil` for a tensor checked in memory (e.g. by `NamedTensor.keptBits()`).
    public let path: String?
    /// The tensor the problem is in, when it concerns a single tensor.
    public let tensor: String?
    /// What is wrong, without the file or tensor name.
    public let reason: String

    /// Creates an error for `path` (if any) and `tensor` (if any) with a one-line `reason`.
    public init(path: String?, tensor: String? = nil, reason: String) {
        self.path = path
        self.tensor = tensor
        self.reason = reason
    }

    /// One line: `path: tensor 'name': reason`, leaving out the parts that are `nil`.
    /// Control characters and line breaks (say, in a name read from a damaged file) are shown escaped, e.g. `\n`.
    public var description: String {
        var parts: [String] = []
        if let path { parts.append(path) }
        if let tensor { parts.append("tensor '\(tensor)'") }
        parts.append(reason)
        var line = ""
        for scalar in parts.joined(separator: ": ").unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: line += scalar.escaped(asASCII: true)
            default: line.unicodeScalars.append(scalar)
            }
        }
        return line
    }

    /// A PyTorch checkpoint (a `torch.save` zip or a pickle), which is never unpickled here:
    /// unpickling runs arbitrary code. The reason says how to convert it.
    static func pyTorchCheckpoint(zip: Bool) -> TensorFileError {
        TensorFileError(
            path: nil,
            reason: "a PyTorch \(zip ? "torch.save zip" : "pickle") checkpoint, which TicketScope does not read (unpickling runs code); "
                + "convert it: python3 -c \"import torch; from safetensors.torch import save_file; "
                + "save_file({k: v.contiguous() for k, v in torch.load('IN', map_location='cpu').items()}, 'OUT.safetensors')\"")
    }

    /// The same error, attributed to `path`.
    func located(at path: String) -> TensorFileError {
        TensorFileError(path: path, tensor: tensor, reason: reason)
    }
}
