import Foundation
import Testing

/// `runs --filter KEY=VALUE`: run columns and config keys, repeatable (all must hold), `--json`.
@Suite struct RunsFilterCLITests {
    @Test func filtersByColumnsAndConfigKeys() throws {
        let dir = scratchDirectory()
        let db = dir.appendingPathComponent("runs.sqlite")
        var seed: UInt64 = 4
        _ = try writeStep(dir.appendingPathComponent("s.npz"), subnetworks: ["a", "b"], layers: [("w", [8])], keep: 0.5, seed: &seed)
        for (name, method, lr, s) in [("r0", "rtl", "0.001", 0), ("r1", "rtl", "0.01", 1), ("i0", "imp-single", "0.001", 0)] {
            #expect(try ticketscope(["import", "--db", db.path, "--run", name, "s.npz"], in: dir).status == 0)
            try sqlite(db, "UPDATE run SET method = '\(method)', seed = \(s), config_json = '{\"learning_rate\": \(lr), \"method\": \"\(method)\", \"dataset\": \"cifar10\"}' WHERE name = '\(name)'; SELECT 1")
        }
        try sqlite(db, "UPDATE run SET status = 'interrupted' WHERE name = 'r1'; SELECT 1")
        func names(_ filters: [String]) throws -> [String] {
            let r = try ticketscope(["runs", "--db", db.path, "--json"] + filters.flatMap { ["--filter", $0] }, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let entries = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
            return entries.compactMap { $0["name"] as? String }
        }
        #expect(try names([]) == ["r0", "r1", "i0"])
        #expect(try names(["method=rtl"]) == ["r0", "r1"])
        #expect(try names(["method=rtl", "status=imported"]) == ["r0"])
        #expect(try names(["status=interrupted"]) == ["r1"])
        #expect(try names(["learning_rate=1e-3"]) == ["r0", "i0"])
        #expect(try names(["seed=0", "learning_rate=0.001"]) == ["r0", "i0"])
        #expect(try names(["method=imp-multi"]) == [])
        let text = try ticketscope(["runs", "--db", db.path, "--filter", "method=imp-multi"], in: dir)
        #expect(text.status == 0 && text.stdout.contains("no run in"), "\(text.stdout)")
        expectCleanFailure(try ticketscope(["runs", "--db", db.path, "--filter", "lr=0.1"], in: dir), mentions: ["'lr'", "learning_rate", "method"])
        expectCleanFailure(try ticketscope(["runs", "--db", db.path, "--filter", "method"], in: dir), mentions: ["KEY=VALUE"])
    }
}
