/// NLTK's morphy for nouns: the base forms of a word that are noun lemmas.
struct NounMorphology: Sendable {
    /// noun.exc: irregular plural → base forms. When a plural has several lines, the last one wins, as in NLTK.
    private let exceptions: [String: [String]]

    /// NLTK 3.x's suffix rules for nouns, tried in this order.
    private static let substitutions: [(suffix: String, replacement: String)] = [
        ("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
        ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"),
    ]

    /// Parses the bytes of noun.exc.
    init(exceptionBytes bytes: [UInt8]) {
        var exceptions: [String: [String]] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            forEachEntryLine(in: buffer) { start, end in
                var fields = FieldScanner(buffer, from: start, to: end)
                guard let inflected = fields.nextString() else { return }
                var bases: [String] = []
                while let base = fields.nextString() { bases.append(base) }
                exceptions[inflected] = bases
            }
        }
        self.exceptions = exceptions
    }

    /// The base forms of `form` that `index` knows, as NLTK's `_morphy(form, "n")`.
    ///
    /// If `form` is in the exception list its bases are the candidates, otherwise every suffix rule
    /// that matches is applied once; `form` itself is tried first. Candidates that are noun lemmas are
    /// kept, in that order, without repeats.
    func baseForms(of form: String, in index: NounIndex) -> [String] {
        let candidates: [String]
        if let bases = exceptions[form] {
            candidates = bases
        } else {
            candidates = Self.substitutions.compactMap { rule in
                form.hasSuffix(rule.suffix) ? String(form.dropLast(rule.suffix.count)) + rule.replacement : nil
            }
        }
        var seen = Set<String>()
        return ([form] + candidates).filter { index.contains($0) && seen.insert($0).inserted }
    }
}
