import Foundation
import MaskKit
import RunStore
@testable import WebView
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory for one test.
func scratchDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ts-web-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

let plantedSparsities = [0.2, 0.36, 0.49, 0.59, 0.67, 0.74, 0.83, 0.9]
let plantedLayout: MaskLayout = {
    guard let layout = try? MaskLayout((0..<6).map { .init(name: "l\($0)", shape: [12, 12]) }) else { fatalError("fixed layout") }
    return layout
}()

/// A run with a planted collapse, CIFAR-10 synsets and validation metrics; `steps` of its eight steps written.
@discardableResult
func plantedRun(_ store: RunStore, name: String, steps: Int = 8, method: String = "rtl") throws -> RunInfo {
    let names = [("cat", "cat.n.01"), ("dog", "dog.n.01"), ("truck", "truck.n.01"), ("ship", "ship.n.01")]
    let run = try store.createRun(NewRun(name: name, method: method, dataset: "cifar10", configJSON: #"{"seed":4,"note":"<b>x</b>"}"#),
                                  layout: plantedLayout,
                                  subnetworks: names.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element.0, synset: $0.element.1) })
    for s in 0..<steps { try appendPlantedStep(store, run: run, index: s) }
    return run
}

/// Writes step `index` of the planted run, masks and metrics in one transaction, as training does.
func appendPlantedStep(_ store: RunStore, run: RunInfo, index s: Int) throws {
    let all = SyntheticRun(sparsities: plantedSparsities, collapseStep: 5).masks(layout: plantedLayout, subnetworks: 4, seed: 4)
    var m: [(subnetwork: Int?, split: Split, name: MetricName, value: Double)] = []
    for k in 0..<4 {
        let acc = s >= 6 ? 0.55 : 0.8 - 0.002 * Double(s)
        m += [(k, .validation, .balancedAccuracy, acc), (k, .test, .balancedAccuracy, acc - 0.01 * Double(k))]
    }
    try store.appendStep(StepWrite(phase: .extract, targetSparsity: plantedSparsities[s], masks: all[s], metrics: m), to: run)
}

/// A server on a free loopback port for the duration of `body`.
func withServer<T>(store path: String, _ body: (Int) async throws -> T) async throws -> T {
    let server = WebServer(storePath: path, host: "127.0.0.1", port: 0, toolVersion: "test")
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task { try await server.run { continuation.yield($0) } }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw HTTPTestError("the server did not start") }
    return try await body(port)
}

struct HTTPTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// One HTTP/1.1 response as read off the socket.
struct HTTPResponse {
    let status: Int
    let headers: [String: String]
    let body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A minimal HTTP/1.1 client over a blocking POSIX socket to 127.0.0.1 (`Connection: close`, so the
/// body ends with the connection): what the tests and the load test send, and nothing more.
func request(_ port: Int, _ path: String, method: String = "GET", timeout: Int = 60) throws -> HTTPResponse {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HTTPTestError("socket: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var tv = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard connected == 0 else { throw HTTPTestError("connect: \(String(cString: strerror(errno)))") }
    let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
    let sent = head.withCString { send(fd, $0, strlen($0), 0) }
    guard sent == head.utf8.count else { throw HTTPTestError("send failed") }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n < 0 { throw HTTPTestError("recv: \(String(cString: strerror(errno)))") }
        if n == 0 { break }
        data.append(buffer, count: n)
    }
    guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw HTTPTestError("no HTTP header in \(data.count) bytes") }
    let lines = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPTestError("bad status line '\(lines[0])'") }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Data(data[split.upperBound...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" { body = try dechunk(body) }
    return HTTPResponse(status: status, headers: headers, body: body)
}

/// The body of a chunked transfer.
private func dechunk(_ data: Data) throws -> Data {
    var out = Data(), rest = data[...]
    while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
        let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0]
        guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw HTTPTestError("bad chunk size") }
        if size == 0 { break }
        let start = lineEnd.upperBound
        guard rest.distance(from: start, to: rest.endIndex) >= size + 2 else { throw HTTPTestError("truncated chunk") }
        let end = rest.index(start, offsetBy: size)
        out.append(rest[start..<end])
        rest = rest[rest.index(end, offsetBy: 2)...]
    }
    return out
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
