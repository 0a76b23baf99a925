import Foundation
import Testing

/// The committed schema-version-1 store (Fixtures/make-v1-store.sh made it with the v1 binary).
let v1StoreFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v1-store.sqlite")

/// Runs SQL on a store with Python's sqlite3 (CHECK constraints off, as a user's shell can), and
/// returns the rows of the last statement, one line each with fields joined by '|'.
@discardableResult
func sqlite(_ db: URL, _ sql: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        c.execute('PRAGMA ignore_check_constraints = 1')
        *head, last = [s for s in sys.argv[2].split(';') if s.strip()]
        for s in head: c.execute(s)
        rows = c.execute(last).fetchall()
        c.commit()
        for r in rows: print('|'.join('' if v is None else str(v) for v in r))
        """, db.path, sql]
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "sqlite: \(String(decoding: errors, as: UTF8.self))")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Starts `ticketscope` without waiting; its standard error is collected into the returned pipe.
func startTicketscopeReadingStderr(_ args: [String], in dir: URL) throws -> (process: Process, stderr: Pipe) {
    let p = Process()
    p.executableURL = ticketscopeBinary
    p.arguments = args
    p.currentDirectoryURL = dir
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    return (p, err)
}

/// Reads a child's standard error until `marker` appears (or the pipe closes); returns what was read.
func readStderr(_ pipe: Pipe, until marker: String) -> String {
    var seen = ""
    while !seen.contains(marker) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += String(decoding: chunk, as: UTF8.self)
    }
    return seen
}

/// A copy of the v1 fixture in `dir`.
func copyV1Store(into dir: URL, as name: String = "v1.sqlite") throws -> URL {
    let target = dir.appendingPathComponent(name)
    try FileManager.default.copyItem(at: v1StoreFixture, to: target)
    return target
}
