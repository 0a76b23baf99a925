/// Renders a ``ReportDocument`` as GitHub-flavoured Markdown: blocks separated by one blank line,
/// figures as an image link followed by their italic "Figure N." caption, the file ending in one newline.
/// The same document always gives the same bytes.
public enum MarkdownRenderer {
    /// The whole document.
    public static func render(_ document: ReportDocument) -> String {
        let blocks = ["# " + inline(document.title)] + document.blocks.map(render)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One block, without a trailing newline.
    static func render(_ block: ReportDocument.Block) -> String {
        switch block {
        case .heading(let level, let text):
            return String(repeating: "#", count: max(1, level)) + " " + inline(text)
        case .paragraph(let text):
            return inline(text)
        case .note(let text):
            return "> " + inline(text)
        case .list(let items):
            return items.map { "- " + inline($0) }.joined(separator: "\n")
        case .table(let table):
            return render(table)
        case .figure(let f):
            return "![\(inline(f.alt))](\(f.file))\n\n*Figure \(f.number). \(inline(f.caption))*"
        case .code(let text, let language):
            return "```\(language ?? "")\n\(text)\n```"
        case .provenance(let p):
            return render(p)
        }
    }

    /// A pipe table; `|` inside cells is escaped.
    static func render(_ table: ReportTable) -> String {
        let separator = table.alignment.map { $0 == .right ? "---:" : "---" }
        let lines = [table.header.map { cell($0) }, separator] + table.rows.map { $0.map { inline($0, inTable: true) } }
        return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    /// The closing "Provenance" section: the store, the tool, and per run a line with its configuration
    /// as an indented JSON block.
    static func render(_ p: ReportProvenance) -> String {
        var lines = ["## Provenance", "", "- Database: \(code(p.databasePath))", "- TicketScope \(inline(p.toolVersion))"]
        for run in p.runs {
            lines.append("- " + inline(p.summary(run)))
            if let json = p.configuration(run) {
                lines += ["", "  Configuration:", "", "  ```json", "  " + json, "  ```"]
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Styled text; inside a table `|` is escaped. Line breaks become spaces (a block never spans lines).
    static func inline(_ text: ReportText, inTable: Bool = false) -> String {
        text.spans.map { span in
            switch span {
            case .plain(let s): return cell(s, inTable: inTable)
            case .code(let s): return code(s, inTable: inTable)
            case .emphasis(let s): return "*" + cell(s, inTable: inTable) + "*"
            case .strong(let s): return "**" + cell(s, inTable: inTable) + "**"
            case .link(let s, let target): return "[" + cell(s, inTable: inTable) + "](" + target + ")"
            }
        }.joined()
    }

    static func inline(_ text: String) -> String { cell(text, inTable: false) }

    /// Plain text on one line, with `|` escaped in tables.
    static func cell(_ s: String, inTable: Bool = true) -> String {
        let line = s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        return inTable ? line.replacingOccurrences(of: "|", with: "\\|") : line
    }

    /// A code span; a value holding backticks gets a longer fence.
    static func code(_ s: String, inTable: Bool = false) -> String {
        let body = cell(s, inTable: inTable)
        return body.contains("`") ? "`` " + body + " ``" : "`" + body + "`"
    }
}

extension ReportDocument {
    /// The document as Markdown (``MarkdownRenderer``).
    public var markdown: String { MarkdownRenderer.render(self) }
}
