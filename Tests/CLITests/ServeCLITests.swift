import Foundation
import Testing

/// `ticketscope serve` as a process: bad input is one error line, a non-loopback host warns, and the
/// server answers until it is stopped. (The routes are tested in WebViewTests, the browser in
/// scripts/browser_test.sh.)
@Suite struct ServeCLITests {
    @Test func badPortAndMissingStoreAreOneLine() throws {
        let dir = scratchDirectory()
        try ticketscope(["example", "--out", "masks"], in: dir)
        try ticketscope(["import", "--db", "runs.sqlite", "--run", "ex", "masks/step0.npz"], in: dir)
        expectCleanFailure(try ticketscope(["serve", "--db", "runs.sqlite", "--port", "70000"], in: dir), mentions: ["--port must be between 0 and 65535"])
        expectCleanFailure(try ticketscope(["serve", "--db", "missing.sqlite"], in: dir), mentions: ["missing.sqlite"])
    }

    @Test func aHostOtherThanLoopbackWarnsAndTheServerAnswers() throws {
        let dir = scratchDirectory()
        try ticketscope(["example", "--out", "masks"], in: dir)
        try ticketscope(["import", "--db", "runs.sqlite", "--run", "ex", "masks/step0.npz"], in: dir)
        let p = Process()
        p.executableURL = ticketscopeBinary
        p.arguments = ["serve", "--db", "runs.sqlite", "--host", "0.0.0.0", "--port", "0"]
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        defer { if p.isRunning { p.terminate() }; p.waitUntilExit() }
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        p.terminate()
        p.waitUntilExit()
        let stdout = String(decoding: first, as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("warning: listening on 0.0.0.0: anyone who can reach this address can read the store"))
        #expect(stdout.hasPrefix("serving runs.sqlite read-only on http://0.0.0.0:"))
    }
}
