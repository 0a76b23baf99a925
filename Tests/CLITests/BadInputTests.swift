import Foundation
import Testing
import TensorFiles

@Suite struct BadInputTests {
    let layers: [(String, [Int])] = [("conv1", [4, 3]), ("fc", [5, 2])]

    @Test func readCommandsOnBadDatabases() throws {
        let dir = scratchDirectory()
        expectCleanFailure(try ticketscope(["runs"], in: dir), mentions: ["runs.sqlite", "no database"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs.sqlite").path))
        try Data(repeating: 0x41, count: 4096).write(to: dir.appendingPathComponent("junk.sqlite"))
        expectCleanFailure(try ticketscope(["inspect", "--db", "junk.sqlite", "--run", "x"], in: dir), mentions: ["junk.sqlite", "not an SQLite"])
        var seed: UInt64 = 1
        try writeStep(dir.appendingPathComponent("a.npz"), subnetworks: ["a", "b"], layers: layers, keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "r", "a.npz"], in: dir).status == 0)
        expectCleanFailure(try ticketscope(["similarity", "--run", "nope"], in: dir), mentions: ["no run named 'nope'", "r"])
        expectCleanFailure(try ticketscope(["similarity", "--run", "r", "--step", "9"], in: dir), mentions: ["no step 9"])
        try runPython("import sqlite3; c=sqlite3.connect('runs.sqlite'); c.execute('PRAGMA user_version=7'); c.commit()", in: dir)
        expectCleanFailure(try ticketscope(["runs"], in: dir), mentions: ["schema version 7", "upgrade"])
    }

    /// Every command with `--threads` refuses 0 and absurd counts in one line, before any work.
    @Test func threadCountsOutOfRange() throws {
        let dir = scratchDirectory()
        for (args, value) in [(["bench", "jaccard", "--params", "1000"], "0"), (["bench", "train"], "0"),
                              (["train", "--config", "nope.json"], "0"), (["demo"], "2000"), (["sweep", "--config", "nope.json", "--out", "s"], "0")] {
            expectCleanFailure(try ticketscope(args + ["--threads", value], in: dir), mentions: ["--threads must be between 1 and 1024, got \(value)"])
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs.sqlite").path))
        expectCleanFailure(try ticketscope(["bench", "jaccard", "--params", "1e11", "--masks", "100"], in: dir), mentions: ["GB", "more than three quarters"])
    }

    @Test func badImportsWriteNothing() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 3
        try writeStep(dir.appendingPathComponent("good.npz"), subnetworks: ["a", "b"], layers: layers, keep: 0.5, seed: &seed)
        #expect(try ticketscope(["import", "--run", "r", "good.npz"], in: dir).status == 0)
        func steps() throws -> Int { (try json(try ticketscope(["inspect", "--run", "r", "--json"], in: dir))["steps"] as! [Any]).count }

        // Shape mismatch in a later import, after a good file in the same command: nothing is written.
        try writeStep(dir.appendingPathComponent("shape.npz"), subnetworks: ["a", "b"], layers: [("conv1", [4, 3]), ("fc", [2, 5])], keep: 0.5, seed: &seed)
        try writeStep(dir.appendingPathComponent("good2.npz"), subnetworks: ["a", "b"], layers: layers, keep: 0.5, seed: &seed)
        expectCleanFailure(try ticketscope(["import", "--run", "r", "good2.npz", "shape.npz"], in: dir), mentions: ["shape.npz", "a/fc", "shape"])
        // Unknown subnetwork / missing layer.
        try writeStep(dir.appendingPathComponent("subs.npz"), subnetworks: ["a", "c"], layers: layers, keep: 0.5, seed: &seed)
        expectCleanFailure(try ticketscope(["import", "--run", "r", "subs.npz"], in: dir), mentions: ["subs.npz", "c"])
        try writeStep(dir.appendingPathComponent("layer.npz"), subnetworks: ["a", "b"], layers: [("conv1", [4, 3])], keep: 0.5, seed: &seed)
        expectCleanFailure(try ticketscope(["import", "--run", "r", "layer.npz"], in: dir), mentions: ["layer.npz", "a/fc", "missing"])
        // Key without a slash.
        try NPZWriter.write([try NamedTensor(name: "conv1", shape: [2], bools: [true, false])], to: dir.appendingPathComponent("noslash.npz").path)
        expectCleanFailure(try ticketscope(["import", "--run", "r2", "noslash.npz"], in: dir), mentions: ["noslash.npz", "conv1", "/"])
        // Truncated npz.
        let good = try Data(contentsOf: dir.appendingPathComponent("good.npz"))
        try good.prefix(good.count / 2).write(to: dir.appendingPathComponent("cut.npz"))
        expectCleanFailure(try ticketscope(["import", "--run", "r", "cut.npz"], in: dir), mentions: ["cut.npz"])
        // Missing file.
        expectCleanFailure(try ticketscope(["import", "--run", "r", "absent.npz"], in: dir), mentions: ["absent.npz"])
        // Safetensors: unknown dtype, header length past the end, duplicate keys, offsets outside the file.
        func safetensors(_ header: String, data: Int, lengthDelta: Int = 0, fill: UInt8 = 1) -> Data {
            var d = Data()
            var n = UInt64(header.utf8.count + lengthDelta).littleEndian
            withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
            d.append(contentsOf: Array(header.utf8))
            d.append(Data(repeating: fill, count: data))
            return d
        }
        let cases: [(String, Data, [String])] = [
            ("dtype.safetensors", safetensors(#"{"a/conv1":{"dtype":"C64","shape":[12],"data_offsets":[0,96]}}"#, data: 96), ["dtype.safetensors", "C64"]),
            ("hlen.safetensors", safetensors(#"{"a/conv1":{"dtype":"U8","shape":[12],"data_offsets":[0,12]}}"#, data: 12, lengthDelta: 1000), ["hlen.safetensors", "header"]),
            ("dup.safetensors", safetensors(#"{"a/conv1":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"a/conv1":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}"#, data: 4), ["dup.safetensors", "a/conv1"]),
            ("offs.safetensors", safetensors(#"{"a/conv1":{"dtype":"U8","shape":[12],"data_offsets":[0,500]}}"#, data: 12), ["offs.safetensors"]),
            ("bool.safetensors", safetensors(#"{"a/conv1":{"dtype":"BOOL","shape":[12],"data_offsets":[0,12]},"a/fc":{"dtype":"BOOL","shape":[10],"data_offsets":[0,10]},"b/conv1":{"dtype":"BOOL","shape":[12],"data_offsets":[0,12]},"b/fc":{"dtype":"BOOL","shape":[10],"data_offsets":[0,10]}}"#, data: 12, fill: 7), ["bool.safetensors"]),
        ]
        for (name, bytes, fragments) in cases {
            try bytes.write(to: dir.appendingPathComponent(name))
            expectCleanFailure(try ticketscope(["import", "--run", "r", name], in: dir), mentions: fragments)
        }
        // Sparsity list length.
        expectCleanFailure(try ticketscope(["import", "--run", "r", "--sparsity", "0.1,0.2", "good.npz"], in: dir), mentions: ["2 sparsities", "1 files"])
        #expect(try steps() == 1)
    }
}
