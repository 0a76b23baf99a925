/// Running text of a report: plain text and a few inline styles, kept apart so that each renderer
/// (Markdown, HTML) escapes and marks them up itself. Plain text is never interpreted as markup.
///
/// Write it as a string with interpolations:
/// `"Run \(code: run.name) has \(steps) steps; see \(link: "the figure", to: "collapse.png")."`
public struct ReportText: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// A stretch of text with one style.
    public enum Span: Sendable, Equatable {
        /// Text as it is.
        case plain(String)
        /// A name, command or value set in code type.
        case code(String)
        /// Emphasised (italic) text.
        case emphasis(String)
        /// Strong (bold) text, e.g. the best value of a table column.
        case strong(String)
        /// A link to a file of the report (a WAV example) or a page.
        case link(String, target: String)
    }

    /// The spans in reading order.
    public private(set) var spans: [Span]

    /// Text made of `spans`.
    public init(_ spans: [Span]) {
        self.spans = []
        for span in spans { append(span) }
    }

    /// Plain text.
    public init(_ plain: String) { self.init([.plain(plain)]) }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: StringInterpolation) { self.init(stringInterpolation.spans) }

    /// Text in bold.
    public static func strong(_ text: String) -> ReportText { ReportText([.strong(text)]) }

    /// Text in code type.
    public static func code(_ text: String) -> ReportText { ReportText([.code(text)]) }

    /// True when there is no text at all.
    public var isEmpty: Bool { spans.allSatisfy { $0 == .plain("") } }

    /// The characters without styles (for alt texts and tests).
    public var plainText: String {
        spans.map { span in
            switch span {
            case .plain(let s), .code(let s), .emphasis(let s), .strong(let s): return s
            case .link(let s, _): return s
            }
        }.joined()
    }

    /// Appends a span, merging neighbouring plain text.
    public mutating func append(_ span: Span) {
        if case .plain(let s) = span {
            if s.isEmpty { return }
            if case .plain(let previous)? = spans.last {
                spans[spans.count - 1] = .plain(previous + s)
                return
            }
        }
        spans.append(span)
    }

    /// Appends all spans of `other`.
    public mutating func append(_ other: ReportText) { for span in other.spans { append(span) } }

    public static func + (lhs: ReportText, rhs: ReportText) -> ReportText {
        var text = lhs
        text.append(rhs)
        return text
    }

    public static func += (lhs: inout ReportText, rhs: ReportText) { lhs.append(rhs) }

    /// `parts` with `separator` between them.
    public static func joined(_ parts: [ReportText], separator: ReportText) -> ReportText {
        var text = ReportText([])
        for (i, part) in parts.enumerated() {
            if i > 0 { text += separator }
            text += part
        }
        return text
    }

    /// Collects the spans of an interpolated string literal.
    public struct StringInterpolation: StringInterpolationProtocol {
        var spans: [Span] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { spans.append(.plain(literal)) }

        /// Plain text.
        public mutating func appendInterpolation(_ value: String) { spans.append(.plain(value)) }

        /// A value's description as plain text (counts, enum raw values).
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) { spans.append(.plain(value.description)) }

        /// Styled text built elsewhere.
        public mutating func appendInterpolation(_ text: ReportText) { spans += text.spans }

        /// Code type: `\(code: run.name)`.
        public mutating func appendInterpolation(code value: String) { spans.append(.code(value)) }

        /// Italic: `\(emphasis: "Kept")`.
        public mutating func appendInterpolation(emphasis value: String) { spans.append(.emphasis(value)) }

        /// Bold: `\(strong: "mean")`.
        public mutating func appendInterpolation(strong value: String) { spans.append(.strong(value)) }

        /// A link: `\(link: "noisy.wav", to: "noisy.wav")`.
        public mutating func appendInterpolation(link text: String, to target: String) { spans.append(.link(text, target: target)) }
    }
}
