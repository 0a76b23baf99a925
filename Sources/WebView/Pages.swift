import Diagnostics
import Foundation
import Hummingbird
import Reports
import RunStore
import StoreJSON
import WordNet

/// What each route answers, and the conversion of errors into short pages: 404 for unknown runs and
/// steps, 400 for bad queries, 500 with the store's one-line error (the server stays up).
struct Pages: Sendable {
    let server: WebServer
    let cache = PageCache()
    let wordnet = WordNetLoader()

    // MARK: pages

    func runs(_ request: Request) throws -> Data {
        let q = FormQuery(request)
        let sort = q.value("sort").flatMap(RunsPage.Column.init(rawValue:)) ?? .name
        return try read(request) { page("Runs", try RunsPage.html(store: $0, filter: q.value("filter") ?? "", sort: sort, descending: q.value("order") == "desc")) }
    }

    func run(_ request: Request, name: String?) throws -> Data {
        let name = try decoded(name)
        let q = FormQuery(request)
        let step = try q.step()
        let scope = try q.scope()
        return try read(request) { store in
            page(name, try RunPage.html(store: store, run: try run(named: name, in: store), step: step, scope: scope,
                                        toolVersion: server.toolVersion, wordnet: wordnet.database))
        }
    }

    func compare(_ request: Request) throws -> Data {
        let names = FormQuery(request).values("runs").flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        return try read(request) { page("Compare " + names.joined(separator: ", "), try ComparePage.html(store: $0, names: names, toolVersion: server.toolVersion)) }
    }

    func asset(_ name: String?) -> Response {
        guard let name, let file = Assets.files[name] else {
            return Self.html(status: .notFound, PageLayout.errorPage(status: 404, message: "no static file '\(name ?? "")'", storePath: server.storePath))
        }
        return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(string: file.text)))
    }

    // MARK: JSON

    func apiRuns(_ request: Request) throws -> Data {
        try read(request) { store in try JSONOutput.encoded(try store.runs().map { try RunListEntry(store: store, run: $0) }) }
    }

    func apiRun(_ request: Request, name: String?) throws -> Data {
        let name = try decoded(name)
        return try read(request) { store in try JSONOutput.encoded(try RunDetail(store: store, run: try run(named: name, in: store))) }
    }

    func apiSimilarity(_ request: Request, name: String?) throws -> Data {
        let name = try decoded(name)
        let q = FormQuery(request)
        let step = try q.step()
        let scope = try q.scope()
        return try read(request) { store in
            let r = try run(named: name, in: store)
            if let step, try !store.steps(of: r).contains(where: { $0.index == step }) { throw WebViewError.notFound("run '\(name)' has no step \(step)") }
            do { return try JSONOutput.encoded(try SimilarityJSON(store: store, run: r, step: step, scope: scope)) } catch let error as SimilarityJSON.UnknownLayer {
                throw WebViewError.badRequest(error.description)
            }
        }
    }

    func apiCollapse(_ request: Request, name: String?) throws -> Data {
        let name = try decoded(name)
        let measureText = FormQuery(request).value("measure") ?? "raw"
        guard let measure = SimilarityMeasure(rawValue: measureText) else { throw WebViewError.badRequest("measure must be raw, corrected or lift, not '\(measureText)'") }
        return try read(request) { store in
            let r = try run(named: name, in: store)
            let history = try SimilarityHistory(store: store, run: r, phases: SimilarityHistory.pruningPhases)
            let report = try CollapseAnalysis.analyse(history: history, metrics: try store.metrics(of: r), measure: measure, detector: OnsetDetector())
            return try JSONOutput.encoded(CollapseJSON(report, measure: measure))
        }
    }

    // MARK: plumbing

    /// Opens the store read-only and, inside one read transaction, answers from the cache when the
    /// request was answered at this revision of the store, else runs `body`.
    func read(_ request: Request, _ body: (RunStore) throws -> Data) throws -> Data {
        let store = try RunStore(path: server.storePath, mode: .read)
        return try store.snapshot {
            try cache.value("\(request.uri.path)?\(request.uri.query ?? "")#\(try store.revision())") { try body(store) }
        }
    }

    /// A whole HTML page around `body`.
    func page(_ title: String, _ body: String) -> Data {
        Data(PageLayout.page(title: title, storePath: server.storePath, content: body).utf8)
    }

    func run(named name: String, in store: RunStore) throws -> RunInfo {
        guard let run = try store.runs().first(where: { $0.name == name }) else { throw WebViewError.notFound("no run named '\(name)' in the store") }
        return run
    }

    /// A path parameter, percent-decoded.
    func decoded(_ parameter: String?) throws -> String {
        guard let parameter, let name = parameter.removingPercentEncoding else { throw WebViewError.badRequest("the run name is not valid percent-encoding") }
        return name
    }

    /// Builds a page off the server's threads and wraps it in the layout, or answers with the error's page.
    func respond(_ request: Request, _ build: @escaping @Sendable () throws -> Data) async -> Response {
        let result = await offload(build)
        switch result {
        case .success(let page):
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: page)))
        case .failure(let error):
            let (status, code) = Self.status(of: error)
            return Self.html(status: status, PageLayout.errorPage(status: code, message: String(describing: error), storePath: server.storePath))
        }
    }

    func respondJSON(_ build: @escaping @Sendable () throws -> Data) async -> Response {
        switch await offload(build) {
        case .success(let data):
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .failure(let error):
            return Self.json(status: Self.status(of: error).0, ["error": String(describing: error)])
        }
    }

    /// Runs blocking store reads and drawing on a dispatch thread, keeping the server's threads free.
    func offload<T>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try body() }) }
        }
    }

    static func status(of error: any Error) -> (HTTPResponse.Status, Int) {
        switch error as? WebViewError {
        case .notFound?: return (.notFound, 404)
        case .badRequest?: return (.badRequest, 400)
        case nil: return (.internalServerError, 500)
        }
    }

    static func html(status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(status: HTTPResponse.Status, _ value: [String: String]) -> Response {
        let data = (try? JSONOutput.encoded(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The query of a GET form: `+` is a space, values percent-decoded, keys repeatable.
struct FormQuery {
    let pairs: [(String, String)]

    init(_ request: Request) {
        pairs = (request.uri.query ?? "").split(separator: "&").map { part in
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            let key = kv[0].removingPercentEncoding ?? kv[0]
            let value = kv.count > 1 ? (kv[1].removingPercentEncoding ?? kv[1]) : ""
            return (key, value)
        }
    }

    func value(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }

    /// The `step` parameter as a step number (nil when absent); 400 for anything else.
    func step() throws -> Int? {
        try value("step").map { text in
            guard let n = Int(text) else { throw WebViewError.badRequest("step must be a step number, not '\(text)'") }
            return n
        }
    }

    /// The `scope` parameter (global when absent); 400 for an unknown one.
    func scope() throws -> SimilarityJSON.Scope {
        let text = value("scope") ?? "global"
        guard let scope = SimilarityJSON.Scope(text) else {
            throw WebViewError.badRequest("scope must be global, group:shallow|middle|deep or layer:NAME, not '\(text)'")
        }
        return scope
    }
    func values(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }
}

/// The WordNet database, loaded once on first use (it takes a moment) and shared by every page.
final class WordNetLoader: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: Result<WordNetDatabase, any Error>?

    func database() throws -> WordNetDatabase {
        lock.lock()
        defer { lock.unlock() }
        let result = loaded ?? Result { try WordNetDatabase() }
        loaded = result
        return try result.get()
    }
}
