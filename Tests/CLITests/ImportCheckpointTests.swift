import Foundation
import Testing
import TensorFiles

/// bfloat16 bytes of `values` (each exactly representable: the top half of its float32).
func bfloat16Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { v -> [UInt8] in
        let bits = UInt16(v.bitPattern >> 16)
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }
}

/// Writes a sharded safetensors checkpoint of bf16 weights (keys are layer names) into `dir`: `shards` files
/// and model.safetensors.index.json. Weight j of a layer is zero when `(j + salt) % 3 == 0`.
func writeShardedCheckpoint(_ dir: URL, layers: [(String, [Int])], shards: Int, salt: Int) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var weightMap: [String: String] = [:]
    for s in 0..<shards {
        let file = "model-\(s + 1)-of-\(shards).safetensors"
        let mine = layers.enumerated().filter { $0.offset % shards == s }.map(\.element)
        let tensors = try mine.map { name, shape -> NamedTensor in
            let values = (0..<shape.reduce(1, *)).map { j -> Float in (j + salt) % 3 == 0 ? 0 : 0.5 + Float(j % 4) }
            return try NamedTensor(name: name, dtype: .bfloat16, shape: shape, data: bfloat16Bytes(values))
        }
        try SafetensorsWriter.write(tensors, to: dir.appendingPathComponent(file).path)
        for (name, _) in mine { weightMap[name] = file }
    }
    let index = try JSONSerialization.data(withJSONObject: ["metadata": ["total_size": 0], "weight_map": weightMap])
    try index.write(to: dir.appendingPathComponent("model.safetensors.index.json"))
}

/// The run's step count, or nil when the run does not exist.
func stepCount(_ run: String, in dir: URL) throws -> Int? {
    let r = try ticketscope(["inspect", "--run", run, "--json"], in: dir)
    guard r.status == 0 else { return nil }
    return (try json(r)["steps"] as? [Any])?.count
}

@Suite struct ImportCheckpointTests {
    let layers: [(String, [Int])] = [("model.layers.0.mlp.weight", [4, 6]), ("model.layers.0.norm.weight", [4]),
                                     ("model.layers.1.mlp.weight", [4, 6]), ("model.layers.10.mlp.weight", [6, 4]),
                                     ("model.layers.2.mlp.weight", [6, 4])]

    @Test func twoShardedBF16CheckpointsBecomeOneStepOfTwoSubnetworks() throws {
        let dir = scratchDirectory()
        try writeShardedCheckpoint(dir.appendingPathComponent("code"), layers: layers, shards: 2, salt: 0)
        try writeShardedCheckpoint(dir.appendingPathComponent("prose"), layers: layers, shards: 3, salt: 1)
        let r = try ticketscope(["import", "--run", "m", "--from-weights", "--include", #"mlp\.weight$"#,
                                 "--subnetwork", "prose=prose", "--subnetwork", "code=code/model.safetensors.index.json",
                                 "--order", "code,prose", "--method", "imp-multi"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let inspect = try json(try ticketscope(["inspect", "--run", "m", "--json"], in: dir))
        #expect((inspect["subnetworks"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["code", "prose"])
        #expect((inspect["steps"] as? [Any])?.count == 1)
        let layerNames = (inspect["layers"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        // Natural order (2 before 10); the norm weight is left out by --include.
        #expect(layerNames == ["model.layers.0.mlp.weight", "model.layers.1.mlp.weight", "model.layers.2.mlp.weight", "model.layers.10.mlp.weight"])
        #expect(try ticketscope(["runs"], in: dir).stdout.contains("imp-multi"))
        // Kept = weight != 0: weight j of every layer is zero when (j + salt) % 3 == 0.
        let kept = { (salt: Int) in (0..<24).map { ($0 + salt) % 3 != 0 } }
        let a = Array(repeating: kept(0), count: 4).flatMap { $0 }, b = Array(repeating: kept(1), count: 4).flatMap { $0 }
        let inter = zip(a, b).filter { $0 && $1 }.count, union = zip(a, b).filter { $0 || $1 }.count
        let sim = try json(try ticketscope(["similarity", "--run", "m", "--json"], in: dir))
        #expect(abs(((sim["matrix"] as? [[Double]])?[0][1] ?? -1) - Double(inter) / Double(union)) < 1e-12)
    }

    @Test func badCheckpointsFailInOneLineAndWriteNothing() throws {
        let dir = scratchDirectory()
        for name in ["good", "missing", "unlisted", "cut", "nan"] {
            try writeShardedCheckpoint(dir.appendingPathComponent(name), layers: layers, shards: 2, salt: 0)
        }
        func run(_ args: [String]) throws -> CLIResult { try ticketscope(["import", "--run", "bad", "--from-weights"] + args, in: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("missing/model-2-of-2.safetensors"))
        expectCleanFailure(try run(["--subnetwork", "a=good", "--subnetwork", "b=missing"]), mentions: ["missing/model.safetensors.index.json", "model-2-of-2.safetensors", "does not exist"])
        // A shard holding a tensor the index does not list.
        let index = dir.appendingPathComponent("unlisted/model.safetensors.index.json")
        var map = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: index)) as? [String: Any])
        var weights = try #require(map["weight_map"] as? [String: String])
        weights["model.layers.1.mlp.weight"] = nil
        map["weight_map"] = weights
        try JSONSerialization.data(withJSONObject: map).write(to: index)
        expectCleanFailure(try run(["--subnetwork", "a=good", "--subnetwork", "b=unlisted"]), mentions: ["model.layers.1.mlp.weight", "not in the index"])
        // A truncated shard.
        let shard = dir.appendingPathComponent("cut/model-1-of-2.safetensors")
        let bytes = try Data(contentsOf: shard)
        try bytes.prefix(bytes.count - 5).write(to: shard)
        expectCleanFailure(try run(["--subnetwork", "a=good", "--subnetwork", "b=cut"]), mentions: ["cut/model-1-of-2.safetensors", "cut short"])
        // A bf16 NaN names the subnetwork, shard and tensor.
        let nanShard = dir.appendingPathComponent("nan/model-2-of-2.safetensors")
        let file = try TensorFileReader.read(path: nanShard.path)
        var tensors = file.tensors
        var data = tensors[0].data
        data[2] = 0xC1; data[3] = 0x7F
        tensors[0] = try NamedTensor(name: tensors[0].name, dtype: .bfloat16, shape: tensors[0].shape, data: data)
        try SafetensorsWriter.write(tensors, to: nanShard.path)
        expectCleanFailure(try run(["--subnetwork", "a=good", "--subnetwork", "b=nan"]), mentions: ["subnetwork 'b'", "model-2-of-2.safetensors", tensors[0].name, "element 1 is NaN"])
        // A regex that selects nothing, --subnetwork without '=', a directory without an index, weights without --from-weights.
        expectCleanFailure(try run(["--include", "attn", "--subnetwork", "a=good"]), mentions: ["--include 'attn'", "selects none"])
        expectCleanFailure(try run(["--exclude", ".", "--subnetwork", "a=good"]), mentions: ["--exclude '.'", "selects none"])
        expectCleanFailure(try run(["--subnetwork", "good"]), mentions: ["'good'", "NAME=PATH"])
        expectCleanFailure(try run(["--subnetwork", "a=\(dir.path)"]), mentions: ["without model.safetensors.index.json"])
        expectCleanFailure(try ticketscope(["import", "--run", "bad", "--subnetwork", "a=good"], in: dir), mentions: ["not 0 or 1", "--from-weights"])
        // PyTorch files are not unpickled; the message says how to convert.
        try Data([0x80, 0x02, 0x7D, 0x71, 0x00]).write(to: dir.appendingPathComponent("model.pt"))
        expectCleanFailure(try run(["model.pt"]), mentions: ["model.pt", "PyTorch", "safetensors.torch", "save_file"])
        #expect(try stepCount("bad", in: dir) == nil)
        #expect(!(try ticketscope(["runs"], in: dir).stdout.contains("bad")))
    }

    @Test func safetensorsOrderAndLayersMetadata() throws {
        let dir = scratchDirectory()
        let tensors = try ["zeta", "alpha"].flatMap { s in
            try [("b", [3]), ("a", [2])].map { try NamedTensor(name: "\(s)/\($0.0)", shape: $0.1, bools: Array(repeating: true, count: $0.1.reduce(1, *))) }
        }
        try SafetensorsWriter.write(tensors, metadata: ["subnetworks": "zeta,alpha", "layers": "b,a"], to: dir.appendingPathComponent("m.safetensors").path)
        #expect(try ticketscope(["import", "--run", "s", "m.safetensors"], in: dir).status == 0)
        let inspect = try json(try ticketscope(["inspect", "--run", "s", "--json"], in: dir))
        #expect((inspect["subnetworks"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["zeta", "alpha"])
        #expect((inspect["layers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["b", "a"])
        try SafetensorsWriter.write(tensors, metadata: ["layers": "b,aa"], to: dir.appendingPathComponent("typo.safetensors").path)
        expectCleanFailure(try ticketscope(["import", "--run", "t", "typo.safetensors"], in: dir), mentions: ["'aa'", "not a tensor", "'a'"])
        expectCleanFailure(try ticketscope(["import", "--run", "t", "--order", "alpha,beta", "m.safetensors"], in: dir), mentions: ["--order", "'beta'"])
        #expect(try stepCount("t", in: dir) == nil)
    }

    @Test func shapeMismatchBlamesTheRightSubnetwork() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 5
        try writeStep(dir.appendingPathComponent("a.npz"), subnetworks: ["a", "b"], layers: [("fc", [5, 2])], keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "r", "a.npz"], in: dir).status == 0)
        // b's layer is wrong, a's is right: the error must name b.
        try NPZWriter.write([try NamedTensor(name: "a/fc", shape: [5, 2], bools: Array(repeating: true, count: 10)),
                             try NamedTensor(name: "b/fc", shape: [2, 5], bools: Array(repeating: true, count: 10))],
                            to: dir.appendingPathComponent("b.npz").path)
        let r = try ticketscope(["import", "--run", "r", "b.npz"], in: dir)
        expectCleanFailure(r, mentions: ["'b/fc'", "subnetwork 'b'", "[2, 5]", "[5, 2]"])
        #expect(!r.stderr.contains("'a/fc'"))
        // In a new run, both subnetworks are named.
        expectCleanFailure(try ticketscope(["import", "--run", "new", "b.npz"], in: dir), mentions: ["layer 'fc'", "subnetwork 'b'", "subnetwork 'a'"])
    }
}
