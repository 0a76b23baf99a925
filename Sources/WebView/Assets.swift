/// The web view's static files: a fixed set compiled into the binary, so no request path ever reaches
/// the file system.
enum Assets {
    /// A static file: its bytes as text and its media type.
    struct File {
        let text: String
        let contentType: String
    }

    /// Everything under `/static/`, by file name.
    static let files: [String: File] = [
        "style.css": File(text: style, contentType: "text/css; charset=utf-8"),
        "app.js": File(text: script, contentType: "text/javascript; charset=utf-8"),
    ]

    static let style = """
        :root { --fg: #1d2228; --muted: #5d6773; --line: #d7dce2; --accent: #1f5fa8; --bg: #fbfcfd; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
        header.top { background: #20364f; color: #fff; padding: 0.6rem 1.2rem; display: flex; gap: 1.5rem; align-items: baseline; }
        header.top a { color: #fff; text-decoration: none; font-weight: 600; }
        header.top .store { color: #c9d6e4; font-size: 0.85rem; overflow-wrap: anywhere; }
        main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
        h1 { font-size: 1.5rem; margin: 0.6rem 0 0.8rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
        a { color: var(--accent); }
        code { font: 0.9em ui-monospace, "DejaVu Sans Mono", monospace; background: #eef1f4; padding: 0 0.25em; border-radius: 3px; overflow-wrap: anywhere; }
        pre { background: #eef1f4; padding: 0.6rem; overflow-x: auto; border-radius: 4px; }
        pre code { background: none; padding: 0; }
        blockquote { margin: 0.8rem 0; padding: 0.4rem 0.8rem; border-left: 4px solid #e0a800; background: #fff8e1; }
        .table { overflow-x: auto; margin: 0.6rem 0 1rem; }
        table { border-collapse: collapse; font-size: 0.88rem; }
        th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #eef1f4; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #f4f6f8; }
        figure.report-figure { margin: 1rem 0 1.4rem; }
        figure.report-figure svg.plot { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
        figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 0.35rem; max-width: 80ch; }
        form.controls { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: end; margin: 0.6rem 0; }
        form.controls label { display: flex; flex-direction: column; font-size: 0.8rem; color: var(--muted); }
        input, select, button { font: inherit; padding: 0.2rem 0.4rem; }
        .facts { display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; color: var(--muted); margin-bottom: 0.6rem; }
        .facts b { color: var(--fg); font-weight: 600; }
        .unit { color: var(--muted); font-size: 0.8em; }
        .error { border-left: 4px solid #c0392b; background: #fdecea; padding: 0.6rem 0.8rem; }
        details summary { cursor: pointer; color: var(--muted); }
        """

    /// Selectors that submit their form on change (the pages work without it, through their buttons).
    static let script = """
        document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
          select.addEventListener("change", function () { select.form.submit(); });
        });
        document.querySelectorAll("form.controls noscript, form.controls .nojs").forEach(function (e) { e.hidden = true; });
        """
}
