import Foundation
import Testing
import TensorFiles

@Suite struct KillTests {
    /// A writer killed with SIGKILL while it writes steps leaves a readable store holding only whole steps.
    @Test func sigkillDuringImportLeavesOnlyCompleteSteps() throws {
        let dir = scratchDirectory()
        let subs = (0..<6).map { "s\($0)" }
        let layers: [(String, [Int])] = (0..<12).map { ("layer\($0)", [128, 512]) }
        var seed: UInt64 = 9
        try writeStep(dir.appendingPathComponent("step.npz"), subnetworks: subs, layers: layers, keep: 0.5, seed: &seed)
        let files = Array(repeating: "step.npz", count: 16)
        var interrupted = 0
        for (attempt, delayMs) in [0, 3, 10, 25, 60].enumerated() {
            let db = "kill\(attempt).sqlite"
            let out = Pipe()
            let p = try startTicketscope(["import", "--db", db, "--run", "k", "--allow-duplicate"] + files, in: dir, stdout: out)
            // The importer prints one line per stored step: wait for the first, so the kill lands in the write phase.
            waitForFirstLine(out)
            usleep(useconds_t(delayMs * 1000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let inspect = try ticketscope(["inspect", "--db", db, "--run", "k", "--json"], in: dir)
            #expect(inspect.status == 0, "store unreadable after SIGKILL: \(inspect.stderr)")
            let steps = (try json(inspect)["steps"] as? [[String: Any]]) ?? []
            #expect(!steps.isEmpty)
            // Every stored step must read back whole: similarity loads all of its mask rows.
            for s in steps {
                let r = try ticketscope(["similarity", "--db", db, "--run", "k", "--step", "\(s["index"] as! Int)", "--json"], in: dir)
                #expect(r.status == 0, "step \(s["index"]!) incomplete: \(r.stderr)")
            }
            if steps.count < files.count { interrupted += 1 }
        }
        #expect(interrupted > 0, "no attempt was killed while writing; the test did not exercise an interruption")
    }
}
