import Foundation
import Testing
import TensorFiles

/// Runs `python3 arguments...` and returns its standard output, or nil if it could not run or failed.
private func runPython(_ arguments: [String]) -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? data : nil
}

private let pythonHasNumPyAndSafetensors = runPython(["-c", "import numpy, safetensors"]) != nil

/// Loads every file named on the command line with NumPy or safetensors and prints, per file, each tensor's
/// dtype, shape and FNV-1a-64 of its C-order little-endian bytes, plus the safetensors metadata.
private let loader = """
import json, sys
import numpy as np
from safetensors import safe_open
def fnv(b):
    h = 0xCBF29CE484222325
    for x in b: h = ((h ^ x) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"
def info(a):
    little = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"))
    return {"dtype": a.dtype.name, "shape": list(a.shape), "fnv1a64": fnv(little.tobytes())}
out = {}
for path in sys.argv[1:]:
    if path.endswith(".npz"):
        with np.load(path) as z:
            out[path] = {"tensors": {k: info(z[k]) for k in z.files}, "order": list(z.files), "metadata": {}}
    else:
        with safe_open(path, "np") as f:
            out[path] = {"tensors": {k: info(f.get_tensor(k)) for k in f.keys()}, "metadata": f.metadata() or {}}
print(json.dumps(out))
"""

private struct Loaded: Decodable {
    struct Tensor: Decodable, Equatable {
        let dtype: String
        let shape: [Int]
        let fnv1a64: String
    }
    let tensors: [String: Tensor]
    let order: [String]?
    let metadata: [String: String]
}

@Suite(.enabled(if: pythonHasNumPyAndSafetensors, "needs python3 with numpy and safetensors"))
struct PythonInteropTests {
    @Test func numpyAndSafetensorsReadWhatWeWrite() throws {
        var tensors: [NamedTensor] = []
        // NumPy has no bfloat16 (FixtureTests covers it with files the safetensors package wrote).
        for (index, dtype) in TensorDType.allCases.enumerated() where dtype != .bfloat16 {
            for shape in [[], [0], [1], [65], [3, 0], [4, 5, 3]] {
                tensors.append(try randomTensor(name: "\(dtype)/\(shape.count)-\(shape.reduce(1, *))", dtype: dtype, shape: shape,
                                                seed: UInt64(index * 100 + shape.count)))
            }
        }
        let metadata = ["format": "np", "note": "é \"q\""]
        try withTemporaryDirectory { directory in
            let files: [(path: String, tensors: [NamedTensor], metadata: [String: String])] = [
                (directory + "/stored.npz", tensors, [:]), (directory + "/deflated.npz", tensors, [:]),
                (directory + "/t.safetensors", tensors, metadata), (directory + "/empty.npz", [], [:]),
                (directory + "/empty.safetensors", [], [:]),
            ]
            for file in files {
                if file.path.hasSuffix(".npz") {
                    try NPZWriter.write(file.tensors, to: file.path, compressed: file.path.contains("deflated"))
                } else {
                    try SafetensorsWriter.write(file.tensors, metadata: file.metadata, to: file.path)
                }
            }
            let output = try #require(runPython(["-c", loader] + files.map(\.path)), "python could not load the files")
            let loaded = try JSONDecoder().decode([String: Loaded].self, from: output)
            for file in files {
                let result = try #require(loaded[file.path])
                #expect(result.metadata == file.metadata, "\(file.path)")
                #expect(result.tensors.count == file.tensors.count, "\(file.path)")
                if let order = result.order { #expect(order == file.tensors.map(\.name)) }
                for tensor in file.tensors {
                    let want = Loaded.Tensor(dtype: tensor.dtype.rawValue, shape: tensor.shape, fnv1a64: fnv1a64(tensor.data))
                    #expect(result.tensors[tensor.name] == want, "\(tensor.name) in \(file.path)")
                }
            }
        }
    }
}
