import Foundation
import Testing

/// The built `ticketscope` executable, next to the test bundle.
let ticketscopeBinary: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("ticketscope")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    fatalError("ticketscope binary not found near \(CommandLine.arguments[0]); run `swift build` first")
}()

struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `ticketscope` with arguments in a working directory and waits for it.
@discardableResult
func ticketscope(_ args: [String], in dir: URL) throws -> CLIResult {
    try runProcess(ticketscopeBinary, args, in: dir)
}

/// Runs an executable with arguments in a working directory (and with `environment` changes) and waits for it.
func runProcess(_ executable: URL, _ args: [String], in dir: URL, environment: [String: String] = [:]) throws -> CLIResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    p.currentDirectoryURL = dir
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Starts `ticketscope` with arguments in a working directory without waiting; stderr is discarded,
/// stdout goes to `stdout` (discarded when nil).
func startTicketscope(_ args: [String], in dir: URL, stdout: Pipe? = nil) throws -> Process {
    let p = Process()
    p.executableURL = ticketscopeBinary
    p.arguments = args
    p.currentDirectoryURL = dir
    p.standardOutput = stdout ?? FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

/// Reads `pipe` until it has delivered one whole line (or ends).
func waitForFirstLine(_ pipe: Pipe) {
    var seen = Data()
    while !seen.contains(UInt8(ascii: "\n")) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen.append(chunk)
    }
}

/// Runs a Python 3 snippet in `dir` and waits for it.
func runPython(_ code: String, in dir: URL) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", code]
    p.currentDirectoryURL = dir
    try p.run()
    p.waitUntilExit()
}

/// A fresh temporary directory.
func scratchDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-cli-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Expects a failing command with exactly one error line on stderr mentioning every fragment.
func expectCleanFailure(_ r: CLIResult, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status != 0, "expected failure, got: \(r.stdout)", sourceLocation: sourceLocation)
    let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning:") && !$0.hasPrefix("creating") && !$0.hasPrefix("extending") }
    #expect(lines.count == 1, "expected one error line, got:\n\(r.stderr)", sourceLocation: sourceLocation)
    for f in fragments { #expect(r.stderr.contains(f), "stderr lacks '\(f)':\n\(r.stderr)", sourceLocation: sourceLocation) }
    #expect(!r.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
}

/// Parses stdout as a JSON object.
func json(_ r: CLIResult) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
}
