import Foundation
import RunStore
import Testing
@testable import WebView

/// 100 concurrent clients on loopback fetch the run page while steps are written to that run, one
/// transaction per step as a training run writes them: no error, and no page shows part of a step.
extension WebView {
@Suite struct LoadTests {
    static let clients = 100, requestsPerClient = 3

    @Test func hundredClientsWhileARunWrites() async throws {
        let dir = try scratchDirectory()
        let path = dir + "/runs.sqlite"
        let store = try RunStore(path: path, mode: .write)
        let run = try plantedRun(store, name: "training", steps: 3)
        try await withServer(store: path) { port in
            let writer = Thread {
                // Steps 3…7, spaced so that pages are read between them.
                for s in 3..<8 where !Thread.current.isCancelled {
                    Thread.sleep(forTimeInterval: 0.5)
                    try? appendPlantedStep(store, run: run, index: s)
                }
            }
            writer.start()
            let started = Date()
            let results = await withTaskGroup(of: [Result<(Double, Int), any Error>].self) { group in
                for _ in 0..<Self.clients {
                    group.addTask {
                        await withCheckedContinuation { continuation in
                            Thread.detachNewThread {
                                var out: [Result<(Double, Int), any Error>] = []
                                for _ in 0..<Self.requestsPerClient {
                                    let t0 = Date()
                                    out.append(Result {
                                        let r = try request(port, "/runs/training", timeout: 120)
                                        guard r.status == 200 else { throw HTTPTestError("status \(r.status)") }
                                        return (Date().timeIntervalSince(t0), try Self.wholeSteps(r.text))
                                    })
                                }
                                continuation.resume(returning: out)
                            }
                        }
                    }
                }
                var all: [Result<(Double, Int), any Error>] = []
                for await r in group { all += r }
                return all
            }
            let wall = Date().timeIntervalSince(started)
            let errors = results.compactMap { r -> String? in if case .failure(let e) = r { return "\(e)" } else { return nil } }
            #expect(errors.isEmpty, "\(errors.count) failed requests, first: \(errors.first ?? "")")
            let ok = results.compactMap { try? $0.get() }
            let latencies = ok.map(\.0).sorted()
            let seen = Set(ok.map(\.1)).sorted()
            func pct(_ p: Double) -> String {
                guard !latencies.isEmpty else { return "–" }
                return String(format: "%.0f ms", 1000 * latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))])
            }
            print("load: \(Self.clients) clients × \(Self.requestsPerClient) GET /runs/NAME in \(String(format: "%.1f", wall)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores: "
                  + "\(ok.count) ok, \(errors.count) errors; latency p50 \(pct(0.5)), p90 \(pct(0.9)), p99 \(pct(0.99)), max \(pct(1)); step counts seen \(seen)")
            #expect(ok.count == Self.clients * Self.requestsPerClient)
            #expect(seen.allSatisfy { (3...8).contains($0) })
            writer.cancel()
        }
    }

    /// The page's step count, after checking that every part of the page saw the same steps: the steps
    /// table, the step selector and the collapse diagnosis's run-level table (read by separate queries).
    static func wholeSteps(_ html: String) throws -> Int {
        guard let start = html.range(of: "data-steps=\""), let end = html[start.upperBound...].firstIndex(of: "\""),
              let n = Int(html[start.upperBound..<end]) else { throw HTTPTestError("no data-steps") }
        let stepsSection = try section("steps", html), collapse = try section("collapse", html)
        let rows = occurrences(of: "<tr>", in: stepsSection) - 1
        let options = occurrences(of: "<option value=\"", in: try section("similarity", html)) - LayerScopeCount.value
        guard let runLevel = collapse.range(of: "<h3>Run level</h3>") else { throw HTTPTestError("no run-level table") }
        let tableEnd = collapse[runLevel.upperBound...].range(of: "</table>")?.lowerBound ?? collapse.endIndex
        let runLevelRows = occurrences(of: "<tr>", in: String(collapse[runLevel.upperBound..<tableEnd])) - 1
        guard rows == n, options == n, runLevelRows == n else {
            throw HTTPTestError("half a step: data-steps \(n), table \(rows), selector \(options), collapse \(runLevelRows)")
        }
        return n
    }

    static func section(_ id: String, _ html: String) throws -> String {
        guard let s = html.range(of: "<section id=\"\(id)\""), let e = html[s.upperBound...].range(of: "</section>") else {
            throw HTTPTestError("no section \(id)")
        }
        return String(html[s.lowerBound..<e.lowerBound])
    }
}
}

/// The scope options of the selector: global, three depth groups, six layers.
enum LayerScopeCount { static let value = 1 + 3 + 6 }
