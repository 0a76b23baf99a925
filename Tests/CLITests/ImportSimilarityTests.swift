import Foundation
import Testing
import TensorFiles

/// Writes an npz step: subnetworks × layers of random kept flags; returns the flags.
@discardableResult
func writeStep(_ path: URL, subnetworks: [String], layers: [(String, [Int])], keep: Double, seed: inout UInt64) throws -> [String: [Bool]] {
    var flags: [String: [Bool]] = [:]
    var tensors: [NamedTensor] = []
    for s in subnetworks {
        for (l, shape) in layers {
            let n = shape.reduce(1, *)
            let b = (0..<n).map { _ -> Bool in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return Double(seed >> 11) * 0x1p-53 < keep
            }
            flags["\(s)/\(l)"] = b
            tensors.append(try NamedTensor(name: "\(s)/\(l)", shape: shape, bools: b))
        }
    }
    try NPZWriter.write(tensors, to: path.path)
    return flags
}

@Suite struct ImportSimilarityTests {
    let subs = ["cat", "dog", "ship"]
    let layers: [(String, [Int])] = [("conv1", [4, 3, 3, 3]), ("conv2", [8, 4, 1, 1]), ("fc", [10, 8]), ("extra", [65])]

    @Test func importThenSimilarityMatchesNaiveJaccard() throws {
        let dir = scratchDirectory()
        var seed: UInt64 = 42
        let s1 = try writeStep(dir.appendingPathComponent("a.npz"), subnetworks: subs, layers: layers, keep: 0.7, seed: &seed)
        let s2 = try writeStep(dir.appendingPathComponent("b.npz"), subnetworks: subs, layers: layers, keep: 0.4, seed: &seed)
        let imp = try ticketscope(["import", "--run", "r", "--sparsity", "0.3,0.6", "a.npz", "b.npz"], in: dir)
        #expect(imp.status == 0, "\(imp.stderr)")

        for (step, flags) in [(0, s1), (1, s2)] {
            let r = try ticketscope(["similarity", "--run", "r", "--step", "\(step)", "--json"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let j = try json(r)
            #expect(j["run"] as? String == "r")
            #expect(j["step"] as? Int == step)
            #expect(j["scope"] as? String == "global")
            #expect(j["subnetworks"] as? [String] == subs)
            let matrix = try #require(j["matrix"] as? [[Double]])
            let all = subs.map { s in layers.flatMap { flags["\(s)/\($0.0)"]! } }
            for i in 0..<3 { for k in 0..<3 {
                let inter = zip(all[i], all[k]).filter { $0 && $1 }.count, union = zip(all[i], all[k]).filter { $0 || $1 }.count
                #expect(abs(matrix[i][k] - Double(inter) / Double(union)) < 1e-12)
            } }
            let kept = all.map { Double($0.filter { $0 }.count) / Double($0.count) }
            #expect(abs((j["sparsity"] as! Double) - (1 - kept.reduce(0, +) / 3)) < 1e-12)
        }
        // Per layer and per group.
        let layer = try json(try ticketscope(["similarity", "--run", "r", "--layer", "fc", "--json"], in: dir))
        let fc = subs.map { s2["\($0)/fc"]! }
        let inter = zip(fc[0], fc[1]).filter { $0 && $1 }.count, union = zip(fc[0], fc[1]).filter { $0 || $1 }.count
        #expect(abs(((layer["matrix"] as! [[Double]])[0][1]) - Double(inter) / Double(union)) < 1e-12)
        #expect(layer["scope"] as? String == "layer:fc")
        let deep = try json(try ticketscope(["similarity", "--run", "r", "--group", "deep", "--json"], in: dir))
        #expect(deep["scope"] as? String == "group:deep")

        let inspect = try ticketscope(["inspect", "--run", "r"], in: dir)
        #expect(inspect.status == 0 && inspect.stdout.contains("conv2") && inspect.stdout.contains("shallow"))
        let runs = try ticketscope(["runs"], in: dir)
        #expect(runs.status == 0 && runs.stdout.contains("imported"))

        // A later import appends a step.
        try writeStep(dir.appendingPathComponent("c.npz"), subnetworks: subs.reversed(), layers: layers, keep: 0.2, seed: &seed)
        #expect(try ticketscope(["import", "--run", "r", "c.npz"], in: dir).status == 0)
        #expect(try json(try ticketscope(["similarity", "--run", "r", "--json"], in: dir))["step"] as? Int == 2)
    }

    @Test func exampleImportsAndShowsItsPlantedCollapse() throws {
        let dir = scratchDirectory()
        #expect(try ticketscope(["example", "--out", "ex"], in: dir).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ex").path).sorted()
            .filter { $0.hasSuffix(".npz") }.map { "ex/" + $0 }
        #expect(files.count == 8)
        #expect(try ticketscope(["import", "--run", "ex"] + files, in: dir).status == 0)
        let before = try json(try ticketscope(["similarity", "--run", "ex", "--step", "4", "--json"], in: dir))["mean_jaccard"] as! Double
        let after = try json(try ticketscope(["similarity", "--run", "ex", "--step", "5", "--json"], in: dir))["mean_jaccard"] as! Double
        #expect(after > before + 0.2, "planted collapse: \(before) → \(after)")
    }
}
