import Reports

/// The HTML shell every page shares: head, the bar with the store's path, the content, the script.
enum PageLayout {
    /// A whole page; `content` is already escaped HTML.
    static func page(title: String, storePath: String, content: String) -> String {
        let e = HTMLRenderer.escape
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title)) · TicketScope</title>
            <link rel="stylesheet" href="/static/style.css">
            </head>
            <body>
            <header class="top"><a href="/">TicketScope</a><span class="store">\(e(storePath)) · read-only</span></header>
            <main>
            \(content)
            </main>
            <script src="/static/app.js"></script>
            </body>
            </html>

            """
    }

    /// The short page of an error: 404 for an unknown page or run, 400 for a bad query, 500 for a store that cannot be read.
    static func errorPage(status: Int, message: String, storePath: String) -> String {
        let heading = status == 404 ? "Not found" : status == 400 ? "Bad request" : "The store cannot be read"
        return page(title: heading, storePath: storePath, content: """
            <h1>\(heading)</h1>
            <p class="error">\(HTMLRenderer.escape(message))</p>
            <p><a href="/">All runs</a></p>
            """)
    }
}
