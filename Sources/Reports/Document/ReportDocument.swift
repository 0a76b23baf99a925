import Foundation

/// A report as a sequence of blocks — headings, paragraphs, tables, numbered figures with captions,
/// lists, code and the closing provenance — built by the report writers and turned into text by a
/// renderer (``MarkdownRenderer``; the web view renders the same document as HTML).
///
/// Figures are numbered in the order they are added, so captions always read "Figure 1.", "Figure 2.", …
public struct ReportDocument: Sendable {
    /// One block of the document.
    public enum Block: Sendable {
        /// A section heading; level 2 is a section, 3 a subsection (the title is level 1).
        case heading(level: Int, text: String)
        case paragraph(ReportText)
        /// A remark set apart from the text (a block quote in Markdown).
        case note(ReportText)
        /// A bulleted list.
        case list([ReportText])
        case table(ReportTable)
        case figure(NumberedFigure)
        /// Preformatted text, with an optional language for highlighting (`json`).
        case code(String, language: String?)
        /// What the report was made from.
        case provenance(ReportProvenance)
    }

    /// The report's title (its level-1 heading).
    public let title: String
    public private(set) var blocks: [Block] = []
    /// Files written beside the report that no block draws, such as WAV examples linked from a table.
    public private(set) var attachments: [ReportAttachment] = []

    public init(title: String) { self.title = title }

    /// The figures in order of their numbers.
    public var figures: [NumberedFigure] {
        blocks.compactMap { if case .figure(let f) = $0 { return f } else { return nil } }
    }

    /// Adds a section heading (level 2) or subsection heading (level 3).
    public mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(level: level, text: text)) }

    /// Adds a paragraph (nothing for empty text).
    public mutating func paragraph(_ text: ReportText) {
        if !text.isEmpty { blocks.append(.paragraph(text)) }
    }

    /// Adds a remark set apart from the text.
    public mutating func note(_ text: ReportText) { blocks.append(.note(text)) }

    /// Adds a bulleted list (nothing for no items).
    public mutating func list(_ items: [ReportText]) {
        if !items.isEmpty { blocks.append(.list(items)) }
    }

    public mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }

    /// Adds preformatted text.
    public mutating func code(_ text: String, language: String? = nil) { blocks.append(.code(text, language: language)) }

    /// Adds the next figure; returns its number. Its file is `drawing.name + ".png"`.
    /// - Parameters:
    ///   - alt: what the picture shows, for readers who cannot see it.
    ///   - caption: the caption after "Figure N.", ending with a full stop.
    @discardableResult
    public mutating func figure(_ drawing: ReportFigure, alt: String, caption: ReportText) -> Int {
        let number = figures.count + 1
        blocks.append(.figure(NumberedFigure(number: number, alt: alt, caption: caption, drawing: drawing)))
        return number
    }

    /// Adds a file that is written beside the report.
    public mutating func attach(_ name: String, data: Data) { attachments.append(ReportAttachment(name: name, data: data)) }

    /// Closes the document with its provenance.
    public mutating func provenance(_ provenance: ReportProvenance) { blocks.append(.provenance(provenance)) }
}

/// A figure of a document with its number and caption.
public struct NumberedFigure: Sendable {
    public let number: Int
    public let alt: String
    public let caption: ReportText
    public let drawing: ReportFigure

    /// The PNG file beside the report.
    public var file: String { drawing.name + ".png" }
}

/// A file written beside a report.
public struct ReportAttachment: Sendable {
    public let name: String
    public let data: Data
}
