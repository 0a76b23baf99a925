import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one HTTP(S) address into a new file, hashing the bytes as they arrive, and checks the
/// status, the announced size and the received size against the archive's.
struct HTTPDownload {
    let url: URL
    let expectedBytes: Int64
    /// The file to create (it must not exist).
    let destination: String
    let cancellation: FetchCancellation
    /// Bytes received so far, and in all.
    let progress: (Int64, Int64) -> Void

    /// Idle time after which a silent connection counts as failed.
    static let idleTimeout: TimeInterval = 60

    /// Downloads, returning the SHA-256 of the body.
    /// - Throws: `FetchError` for an HTTP error, a broken connection, a wrong size, a cancellation or
    ///   a file that cannot be written; the partial file is then left for the caller to delete.
    func run() throws -> String {
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let file = FileHandle(forWritingAtPath: destination) else {
            throw FetchError.io(path: destination, message: "cannot create the download file")
        }
        defer { try? file.close() }
        let receiver = Receiver(url: url, expectedBytes: expectedBytes, file: file, destination: destination, progress: progress)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.idleTimeout
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url)
        // The archive is already compressed: ask for its bytes as they are, not re-encoded.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let task = session.dataTask(with: request)
        cancellation.whenCancelled { task.cancel() }
        task.resume()
        receiver.done.wait()
        if let reason = cancellation.reason { throw FetchError.interrupted(reason: reason) }
        if let failure = receiver.failure { throw failure }
        return receiver.hasher.hexDigest()
    }
}

/// Receives the body on the session's serial queue.
private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let url: URL, expectedBytes: Int64, file: FileHandle, destination: String
    let progress: (Int64, Int64) -> Void
    let done = DispatchSemaphore(value: 0)
    var hasher = SHA256()
    var received: Int64 = 0
    var failure: FetchError?

    init(url: URL, expectedBytes: Int64, file: FileHandle, destination: String, progress: @escaping (Int64, Int64) -> Void) {
        self.url = url; self.expectedBytes = expectedBytes; self.file = file; self.destination = destination; self.progress = progress
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status != 200 {
            failure = .httpStatus(url: url.absoluteString, status: status)
        } else if response.expectedContentLength >= 0, response.expectedContentLength != expectedBytes {
            failure = .announcedSize(url: url.absoluteString, announced: response.expectedContentLength, expected: expectedBytes)
        }
        completionHandler(failure == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        received += Int64(data.count)
        guard received <= expectedBytes else {
            failure = .wrongSize(url: url.absoluteString, received: received, expected: expectedBytes)
            dataTask.cancel()
            return
        }
        do { try file.write(contentsOf: data) } catch {
            failure = .io(path: destination, message: "cannot write (\(error.localizedDescription))")
            dataTask.cancel()
            return
        }
        data.withUnsafeBytes { hasher.update($0) }
        progress(received, expectedBytes)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil {
            if let error, received >= expectedBytes || received == 0 {
                failure = .transport(url: url.absoluteString, message: error.localizedDescription)
            } else if received != expectedBytes {
                failure = .wrongSize(url: url.absoluteString, received: received, expected: expectedBytes)
            }
        }
        done.signal()
    }
}
