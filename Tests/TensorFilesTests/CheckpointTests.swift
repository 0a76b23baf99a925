import Foundation
import Testing
import TensorFiles

/// TensorCheckpoint: single files, sharded checkpoints and the kept rules, against the whole-file reader.
@Suite struct CheckpointTests {
    /// Packs every tensor of a checkpoint.
    private func packed(_ c: TensorCheckpoint, rule: KeptRule = .nonzero) throws -> [String: [UInt64]] {
        var out: [String: [UInt64]] = [:]
        for (i, t) in c.tensors.enumerated() {
            var words = [UInt64](repeating: 0xFFFF, count: (t.count + 63) / 64)
            try words.withUnsafeMutableBufferPointer { try c.packKeptBits(of: i, rule: rule, into: $0) }
            out[t.name] = words
        }
        return out
    }

    @Test(arguments: [TensorFileFormat.safetensors, .npz])
    func singleFileMatchesTheReader(format: TensorFileFormat) throws {
        try withTemporaryDirectory { dir in
            let tensors = try TensorDType.allCases.enumerated().filter { format == .safetensors || $0.element != .bfloat16 }.map {
                try randomTensor(name: "t\($0.offset)", dtype: $0.element, shape: [3, 67], seed: UInt64($0.offset))
            }
            let path = dir + "/f.\(format.rawValue)"
            if format == .safetensors { try SafetensorsWriter.write(tensors, metadata: ["k": "v"], to: path) } else { try NPZWriter.write(tensors, to: path) }
            let c = try TensorCheckpoint.open(path: path)
            #expect(c.tensors.map(\.name) == tensors.map(\.name))
            #expect(c.tensors.map(\.dtype) == tensors.map(\.dtype))
            #expect(!c.isSharded && c.format == format)
            #expect(c.metadata == (format == .safetensors ? ["k": "v"] : [:]))
            let words = try packed(c)
            for t in tensors { #expect(words[t.name] == (try t.keptBits()), "\(t.dtype)") }
        }
    }

    @Test func shardedCheckpointIsOneSetOfTensors() throws {
        try withTemporaryDirectory { dir in
            let a = try randomTensor(name: "a.weight", dtype: .bfloat16, shape: [10, 9], seed: 1)
            let b = try randomTensor(name: "b.weight", dtype: .float32, shape: [65], seed: 2)
            let c = try randomTensor(name: "c.weight", dtype: .bfloat16, shape: [4], seed: 3)
            try SafetensorsWriter.write([b, a], to: dir + "/s1.safetensors")
            try SafetensorsWriter.write([c], to: dir + "/s2.safetensors")
            let index = #"{"metadata": {"total_size": 1}, "weight_map": {"a.weight": "s1.safetensors", "b.weight": "s1.safetensors", "c.weight": "s2.safetensors"}}"#
            try writeBytes(Array(index.utf8), to: dir + "/model.safetensors.index.json")
            for path in [dir, dir + "/model.safetensors.index.json"] {
                let checkpoint = try TensorCheckpoint.open(path: path)
                #expect(checkpoint.isSharded)
                #expect(checkpoint.tensors.map(\.name) == ["b.weight", "a.weight", "c.weight"])
                #expect(checkpoint.file(of: 2) == dir + "/s2.safetensors")
                let words = try packed(checkpoint)
                for t in [a, b, c] { #expect(words[t.name] == (try t.keptBits())) }
            }
            // The index names a tensor its shard does not hold.
            let wrong = #"{"weight_map": {"a.weight": "s1.safetensors", "b.weight": "s1.safetensors", "c.weight": "s2.safetensors", "d.weight": "s2.safetensors"}}"#
            try writeBytes(Array(wrong.utf8), to: dir + "/model.safetensors.index.json")
            expectTensorFileError(path: dir + "/model.safetensors.index.json", mentions: ["'d.weight'", "'s2.safetensors'", "does not hold it"]) {
                _ = try TensorCheckpoint.open(path: dir)
            }
            // A tensor under the wrong shard.
            let moved = #"{"weight_map": {"a.weight": "s2.safetensors", "b.weight": "s1.safetensors", "c.weight": "s2.safetensors"}}"#
            try writeBytes(Array(moved.utf8), to: dir + "/model.safetensors.index.json")
            expectTensorFileError(path: dir + "/s1.safetensors", mentions: ["tensor 'a.weight'", "puts it in 's2.safetensors'"]) {
                _ = try TensorCheckpoint.open(path: dir)
            }
            try writeBytes(Array(#"{"weights": {}}"#.utf8), to: dir + "/model.safetensors.index.json")
            expectTensorFileError(path: dir + "/model.safetensors.index.json", mentions: ["no 'weight_map'"]) { _ = try TensorCheckpoint.open(path: dir) }
        }
    }

    @Test func binaryRuleRefusesWeightsAndNaN() throws {
        let halves: [UInt16] = [0x0000, 0x3F80, 0x8000, 0x3F80]  // bf16 0, 1, -0, 1: a mask
        let mask = try NamedTensor(name: "m", dtype: .bfloat16, shape: [4], data: halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(try mask.keptBits(.binary) == [0b1010])
        let weights = try NamedTensor(name: "w", shape: [3], floats: [0, 1, 0.25])
        expectTensorFileError(path: nil, mentions: ["tensor 'w'", "element 2 is 0.25", "not 0 or 1"]) { _ = try weights.keptBits(.binary) }
        #expect(try weights.keptBits(.nonzero) == [0b110])
        let ints = try NamedTensor(name: "i", dtype: .int32, shape: [2], data: [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        expectTensorFileError(path: nil, mentions: ["tensor 'i'", "element 1 is -1"]) { _ = try ints.keptBits(.binary) }
        let bfNaN = try NamedTensor(name: "n", dtype: .bfloat16, shape: [2], data: [0x80, 0x3F, 0xC1, 0xFF])
        for rule in [KeptRule.nonzero, .binary] {
            expectTensorFileError(path: nil, mentions: ["tensor 'n'", "element 1 is NaN"]) { _ = try bfNaN.keptBits(rule) }
        }
        let f64 = try NamedTensor(name: "d", dtype: .float64, shape: [1], data: [1, 0, 0, 0, 0, 0, 0xF8, 0x7F])
        expectTensorFileError(path: nil, mentions: ["tensor 'd'", "element 0 is NaN"]) { _ = try f64.keptBits() }
    }

    @Test func pyTorchFilesGetAConversionHint() throws {
        try withTemporaryDirectory { dir in
            try writeBytes([0x80, 0x04, 0x95, 0x00], to: dir + "/model.bin")
            expectTensorFileError(path: dir + "/model.bin", mentions: ["PyTorch pickle", "safetensors.torch", "save_file"]) {
                _ = try TensorCheckpoint.open(path: dir + "/model.bin")
            }
            try writeBytes(Array("not a tensor".utf8), to: dir + "/weights.pt")
            expectTensorFileError(path: dir + "/weights.pt", mentions: ["PyTorch"]) { _ = try TensorFileReader.read(path: dir + "/weights.pt") }
        }
    }
}
