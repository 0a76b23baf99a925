import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (a port the kernel picks) for tests that download: each
/// path answers with a whole body, a body cut short, a body that stalls halfway, or a bare status.
/// One request per connection; every connection ends by itself within `stallLimit`.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// How a path answers.
    public enum Response: Sendable {
        /// 200 with the whole body.
        case body(Data)
        /// 200 announcing the whole body's length, then closing after `after` bytes.
        case truncated(Data, after: Int)
        /// 200 announcing the whole body's length, sending `after` bytes, then waiting (until the
        /// client gives up, `stop()`, or `stallLimit`).
        case stall(Data, after: Int)
        /// A status line with an empty body.
        case status(Int)
    }

    /// The longest a stalled answer waits before closing.
    public static let stallLimit: TimeInterval = 30

    /// The port listened on.
    public let port: UInt16
    /// `http://127.0.0.1:PORT/`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    /// Signalled each time a stalling answer has sent its first part.
    public let stalled = DispatchSemaphore(value: 0)

    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Response] = [:]
    private var requested: [String] = []
    private var stopped = false
    private let group = DispatchGroup()

    /// Starts listening.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length) == 0 && listen(fd, 16) == 0
                    && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [unowned self] in self.acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Makes `path` (e.g. "/cifar-10-binary.tar.gz") answer with `response`.
    public func serve(_ path: String, _ response: Response) {
        lock.lock(); defer { lock.unlock() }
        routes[path] = response
    }

    /// The paths requested so far, in order.
    public var requests: [String] {
        lock.lock(); defer { lock.unlock() }
        return requested
    }

    /// Stops listening and releases stalled answers; returns once every connection has closed.
    public func stop() {
        lock.lock()
        let first = !stopped
        stopped = true
        lock.unlock()
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        _ = group.wait(timeout: .now() + Self.stallLimit)
    }

    private var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            let done = isStopped
            if connection < 0 || done {
                if connection >= 0 { close(connection) }
                if done || (errno != EINTR && errno != ECONNABORTED) { return }
                continue
            }
            group.enter()
            DispatchQueue.global().async { [self] in
                defer { close(connection); group.leave() }
                answer(connection)
            }
        }
    }

    private func answer(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.range(of: Data("\r\n\r\n".utf8)) == nil, request.count < 65536 {
            let n = recv(connection, &buffer, buffer.count, 0)
            if n <= 0 { return }
            request.append(contentsOf: buffer[0..<n])
        }
        let line = String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self).split(separator: " ")
        let path = line.count >= 2 ? String(line[1]) : "/"
        lock.lock()
        requested.append(path)
        let response = routes[path] ?? .status(404)
        lock.unlock()
        switch response {
        case let .status(code):
            send(connection, "HTTP/1.1 \(code) Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        case let .body(data):
            send(connection, header(length: data.count))
            send(connection, data)
        case let .truncated(data, after):
            send(connection, header(length: data.count))
            send(connection, data.prefix(after))
        case let .stall(data, after):
            send(connection, header(length: data.count))
            send(connection, data.prefix(after))
            stalled.signal()
            // Wait for the client to hang up (recv returns 0 or fails), for stop(), or for the limit.
            let deadline = Date().addingTimeInterval(Self.stallLimit)
            var pollTimeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &pollTimeout, socklen_t(MemoryLayout<timeval>.size))
            while Date() < deadline {
                if isStopped { return }
                let n = recv(connection, &buffer, buffer.count, 0)
                if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return }
            }
        }
    }

    private func header(length: Int) -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n"
    }

    private func send(_ connection: Int32, _ text: String) { send(connection, Data(text.utf8)) }

    private func send(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.send(connection, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
