import ArgumentParser
import Foundation
import RunStore
import WebView

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Browse a store in a web browser: runs, steps, collapse and similarity figures, comparisons (read-only).",
        discussion: """
            Serves a read-only web view of the store on http://127.0.0.1:8321/ until Ctrl-C. Pages: / (the runs, \
            filter and sort), /runs/NAME (steps, the similarity heatmap of a chosen step, the collapse diagnosis, \
            semantic alignment, configuration and events), /compare?runs=A,B (the comparison table and curves). The \
            figures are the reports' own, as SVG. JSON mirroring --json: /api/runs, /api/runs/NAME, \
            /api/runs/NAME/similarity?step=N&scope=global, /api/runs/NAME/collapse. A training run writing to the \
            store meanwhile shows its new steps on reload. See docs/serve.md.

            Examples:
              ticketscope serve --db runs.sqlite
              ticketscope serve --db runs.sqlite --port 9000
            """
    )

    @OptionGroup var store: StoreOption
    @Option(help: ArgumentHelp("The TCP port (0: any free port).", valueName: "n")) var port: Int = 8321
    @Option(help: ArgumentHelp("The address to listen on. Anything but 127.0.0.1, ::1 or localhost lets other machines read the store.", valueName: "address"))
    var host: String = "127.0.0.1"

    func run() async throws {
        guard (0...65535).contains(port) else { throw UsageError("--port must be between 0 and 65535, not \(port)") }
        _ = try store.open(.read)  // a missing or foreign file is one error line now, not a 500 on every page
        if !WebServer.isLoopback(host) {
            printError("warning: listening on \(host): anyone who can reach this address can read the store '\(store.db)' (no authentication)")
        }
        let server = WebServer(storePath: store.db, host: host, port: port, toolVersion: TicketScope.version)
        let host = self.host
        try await server.run { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            print("serving \(store.db) read-only on http://\(shown):\(bound)/ (Ctrl-C stops)")
            fflush(stdout)
        }
    }
}
