import Foundation

/// Renders a ``ReportDocument`` as an HTML fragment for the web view: every text escaped, tables with
/// their alignment, figures as inline SVG drawn by the same Plots code as the report's PNGs, with
/// their "Figure N." captions. The fragment goes inside a page's `<main>`; it needs no script.
public enum HTMLRenderer {
    /// The document's blocks (and its title as `<h1>` unless `title` is false; its provenance unless
    /// `provenance` is false, for a page that shows the run's facts itself).
    /// - Parameters:
    ///   - idPrefix: keeps the ids inside each figure's SVG unique on a page that shows several documents.
    ///   - firstFigure: the number shown for the document's Figure 1, so figures of several documents on one
    ///     page count on.
    ///   - headingShift: levels added to every heading, for a document shown as one section of a page.
    /// - Throws: ``ReportError/figure(name:reason:)`` when a figure cannot be drawn.
    public static func render(_ document: ReportDocument, title: Bool = true, provenance: Bool = true, idPrefix: String = "doc",
                              firstFigure: Int = 1, headingShift: Int = 0) throws -> String {
        var parts: [String] = title ? ["<h1>\(escape(document.title))</h1>"] : []
        for block in document.blocks {
            switch block {
            case .provenance where !provenance: continue
            case .heading(let level, let text): parts.append(try render(.heading(level: level + headingShift, text: text), idPrefix: idPrefix))
            case .figure(let f): parts.append(try figure(f, idPrefix: idPrefix, shownNumber: f.number + firstFigure - 1))
            default: parts.append(try render(block, idPrefix: idPrefix))
            }
        }
        return parts.joined(separator: "\n")
    }

    static func render(_ block: ReportDocument.Block, idPrefix: String) throws -> String {
        switch block {
        case .heading(let level, let text):
            let l = min(6, max(2, level))
            return "<h\(l)>\(escape(text))</h\(l)>"
        case .paragraph(let text): return "<p>\(inline(text))</p>"
        case .note(let text): return "<blockquote>\(inline(text))</blockquote>"
        case .list(let items): return "<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>"
        case .table(let table): return render(table)
        case .figure(let f): return try figure(f, idPrefix: idPrefix)
        case .code(let text, let language):
            return "<pre><code\(language.map { " class=\"language-\(escape($0))\"" } ?? "")>\(escape(text))</code></pre>"
        case .provenance(let p): return render(p)
        }
    }

    /// A table; right-aligned columns carry class `num`.
    public static func render(_ table: ReportTable) -> String {
        func cls(_ i: Int) -> String { i < table.alignment.count && table.alignment[i] == .right ? " class=\"num\"" : "" }
        let head = table.header.enumerated().map { "<th\(cls($0.offset))>\(escape($0.element))</th>" }.joined()
        let body = table.rows.map { row in
            "<tr>" + row.enumerated().map { "<td\(cls($0.offset))>\(inline($0.element))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<div class=\"table\"><table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table></div>"
    }

    /// A figure: its SVG inline, then the caption "Figure N." with N = `shownNumber` (default its own number).
    public static func figure(_ f: NumberedFigure, idPrefix: String, shownNumber: Int? = nil) throws -> String {
        let n = shownNumber ?? f.number
        let svg = try inlineSVG(f.drawing.rendered(as: .svg), prefix: "\(idPrefix)-f\(f.number)", label: f.alt)
        return "<figure class=\"report-figure\" id=\"\(escape(idPrefix))-figure-\(f.number)\">\(svg)"
            + "<figcaption><strong>Figure \(n).</strong> \(inline(f.caption))</figcaption></figure>"
    }

    static func render(_ p: ReportProvenance) -> String {
        var items = ["<li>Database: <code>\(escape(p.databasePath))</code></li>", "<li>TicketScope \(escape(p.toolVersion))</li>"]
        for run in p.runs {
            var item = "<li>" + inline(p.summary(run))
            if let json = p.configuration(run) { item += "<details><summary>Configuration</summary><pre><code>\(escape(json))</code></pre></details>" }
            items.append(item + "</li>")
        }
        return "<section class=\"provenance\"><h2>Provenance</h2><ul>" + items.joined() + "</ul></section>"
    }

    /// Styled text with every character that HTML reads escaped.
    public static func inline(_ text: ReportText) -> String {
        text.spans.map { span in
            switch span {
            case .plain(let s): return escape(s)
            case .code(let s): return "<code>\(escape(s))</code>"
            case .emphasis(let s): return "<em>\(escape(s))</em>"
            case .strong(let s): return "<strong>\(escape(s))</strong>"
            case .link(let s, let target): return "<a href=\"\(escape(target))\">\(escape(s))</a>"
            }
        }.joined()
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Cairo's SVG file as an element to place in a page: without the XML declaration, scalable to the
    /// page's width, labelled for screen readers, and with every id (glyphs, clips, surfaces) prefixed so
    /// that several figures on one page never resolve each other's references.
    static func inlineSVG(_ data: Data, prefix: String, label: String) -> String {
        var svg = String(decoding: data, as: UTF8.self)
        if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
        let p = prefix.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        for (pattern, template) in [(##"id="([^"]+)""##, "id=\"\(p)-$1\""), (##"href="#([^"]+)""##, "href=\"#\(p)-$1\""), (##"url\(#([^)]+)\)"##, "url(#\(p)-$1)")] {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            svg = regex.stringByReplacingMatches(in: svg, range: NSRange(svg.startIndex..., in: svg), withTemplate: template)
        }
        return svg.replacingOccurrences(of: "<svg ", with: "<svg role=\"img\" aria-label=\"\(escape(label))\" class=\"plot\" ", options: [], range: svg.range(of: "<svg "))
    }
}
