import Foundation
import Testing

/// Two commands creating the same store at the same moment (e.g. RTL and IMP trainings started
/// together) both succeed: the second waits for the first's schema instead of calling the file foreign.
@Suite struct StoreConcurrencyTests {
    @Test func twoWritersCreateOneStore() throws {
        let dir = scratchDirectory()
        #expect(try ticketscope(["example", "--out", "ex"], in: dir).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ex").path)
            .filter { $0.hasSuffix(".npz") }.sorted().map { "ex/" + $0 }
        for attempt in 0..<6 {
            let db = "race\(attempt).sqlite"
            let processes = try ["a", "b"].map { try startTicketscope(["import", "--db", db, "--run", $0] + files, in: dir) }
            for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0, "attempt \(attempt)") }
            let runs = try ticketscope(["runs", "--db", db], in: dir).stdout
            #expect(runs.contains("\na ") && runs.contains("\nb "), "attempt \(attempt): \(runs)")
        }
    }
}
