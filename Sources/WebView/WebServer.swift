import Hummingbird
import Logging
import NIOCore

/// The read-only local web view of one store: HTML pages and JSON endpoints built from the same report
/// documents and Plots figures as the Markdown reports. Every request opens the store read-only and
/// reads it in one snapshot, so a training run writing meanwhile shows up on reload, whole steps only.
public struct WebServer: Sendable {
    public let storePath: String
    public let host: String
    public let port: Int
    /// Printed in the reports' provenance.
    public let toolVersion: String

    /// A server for the store at `storePath` on `host:port` (port 0: any free port).
    public init(storePath: String, host: String = "127.0.0.1", port: Int = 8321, toolVersion: String) {
        self.storePath = storePath; self.host = host; self.port = port; self.toolVersion = toolVersion
    }

    /// True for addresses only this machine reaches (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM; `onReady` gets the bound port.
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "ticketscope.serve")
        logger.logLevel = .error
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }

    /// Every route; nothing but GET is registered, so no request can change the store.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let pages = Pages(server: self)
        router.add(middleware: NotFoundPage(storePath: storePath))
        router.get("/") { request, _ in await pages.respond(request) { try pages.runs(request) } }
        router.get("/runs/:name") { request, context in await pages.respond(request) { try pages.run(request, name: context.parameters.get("name")) } }
        router.get("/compare") { request, _ in await pages.respond(request) { try pages.compare(request) } }
        router.get("/static/:file") { _, context in pages.asset(context.parameters.get("file")) }
        router.get("/api/runs") { request, _ in await pages.respondJSON { try pages.apiRuns(request) } }
        router.get("/api/runs/:name") { request, context in await pages.respondJSON { try pages.apiRun(request, name: context.parameters.get("name")) } }
        router.get("/api/runs/:name/similarity") { request, context in
            await pages.respondJSON { try pages.apiSimilarity(request, name: context.parameters.get("name")) }
        }
        router.get("/api/runs/:name/collapse") { request, context in
            await pages.respondJSON { try pages.apiCollapse(request, name: context.parameters.get("name")) }
        }
        return router
    }
}

/// The short 404 page for every path no route matches.
struct NotFoundPage<Context: RequestContext>: RouterMiddleware {
    let storePath: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let error as HTTPError where error.status == .notFound {
            if request.uri.path.hasPrefix("/api/") { return Pages.json(status: .notFound, ["error": "no such endpoint: \(request.uri.path)"]) }
            return Pages.html(status: .notFound, PageLayout.errorPage(status: 404, message: "no page at \(request.uri.path)", storePath: storePath))
        }
    }
}
