import ArgumentParser
import Foundation
import RunStore
import StoreJSON

/// The `--db` option every store command takes.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The TicketScope SQLite file.", valueName: "path"))
    var db: String = "runs.sqlite"

    func open(_ mode: RunStore.Mode) throws -> RunStore { try openStore(db, mode) }
}

/// Opens a store whose notices (a stale write lease taken over) go to standard error.
func openStore(_ path: String, _ mode: RunStore.Mode) throws -> RunStore {
    let store = try RunStore(path: path, mode: mode)
    store.notice = { printError("warning: \($0)") }
    return store
}

/// The range every `--threads` option accepts.
let threadRange = 1...1024

/// Refuses a `--threads` value outside `threadRange` in one line.
func validateThreads(_ threads: Int?) throws {
    if let threads, !threadRange.contains(threads) {
        throw UsageError("--threads must be between \(threadRange.lowerBound) and \(threadRange.upperBound), got \(threads)")
    }
}

/// Writes a line to standard error (progress and warnings; results go to standard output).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Prints an Encodable value as pretty, key-sorted JSON.
func printJSON<T: Encodable>(_ value: T) throws {
    print(String(decoding: try JSONOutput.encoded(value), as: UTF8.self))
}

/// Formats a number with `digits` decimals.
func fixed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

/// Left-pads or right-pads cells into aligned columns.
func table(_ rows: [[String]], rightAlign: Set<Int> = []) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    let widths = (0..<width).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max()! }
    return rows.map { row in
        row.enumerated().map { c, cell in
            let pad = String(repeating: " ", count: widths[c] - cell.count)
            return rightAlign.contains(c) ? pad + cell : cell + pad
        }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n")
}

