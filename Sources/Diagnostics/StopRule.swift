import MaskKit

/// A rule that says when to stop pruning, judged on the similarity of the steps stored so far.
///
/// Grammar (docs/stop-rules.md):
///
///     rules   := rule ("," rule)*                 stop when any rule fires
///     rule    := measure [ "@" scope ] op number
///              | "onset" [ "@" scope ]
///     measure := mean-jaccard | max-jaccard | mean-lift
///     scope   := global | shallow | middle | deep  (default global)
///     op      := ">" | ">=" | "<" | "<="
///
/// `mean-jaccard` is the mean off-diagonal Jaccard of the latest step, `max-jaccard` its largest
/// pair, `mean-lift` mean Jaccard over its chance level; `onset` fires when the mean-jaccard curve
/// over the steps so far has an abrupt change (see ``OnsetDetector``).
public struct StopRule: Sendable, Equatable, CustomStringConvertible {
    /// One clause of a rule list.
    public enum Clause: Sendable, Equatable, CustomStringConvertible {
        case threshold(measure: Measure, scope: LayerGroup?, op: Comparison, value: Double)
        case onset(scope: LayerGroup?)

        public var description: String {
            switch self {
            case .threshold(let m, let s, let op, let v): return "\(m.rawValue)\(s.map { "@\($0.rawValue)" } ?? "")\(op.rawValue)\(v)"
            case .onset(let s): return "onset\(s.map { "@\($0.rawValue)" } ?? "")"
            }
        }
    }

    /// A per-step similarity summary.
    public enum Measure: String, Sendable, CaseIterable { case meanJaccard = "mean-jaccard", maxJaccard = "max-jaccard", meanLift = "mean-lift" }

    public enum Comparison: String, Sendable, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", greater = ">", less = "<"
        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            }
        }
    }

    /// The grammar, shown with every syntax error.
    public static let grammar = """
        rules   := rule ("," rule)*          (stop when any rule fires)
        rule    := measure[@scope] op number | onset[@scope]
        measure := mean-jaccard | max-jaccard | mean-lift
        scope   := global | shallow | middle | deep
        op      := > | >= | < | <=
        examples: mean-jaccard>0.6   mean-jaccard@deep<0.2   onset   onset@shallow,max-jaccard>0.9
        """

    public let clauses: [Clause]
    /// Detector used by `onset` clauses.
    public var detector = OnsetDetector()

    public var description: String { clauses.map(\.description).joined(separator: ",") }

    /// Parses the text form; a malformed rule throws ``DiagnosticsError/badRule(_:)`` quoting the grammar.
    public init(_ text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        clauses = try parts.map(StopRule.clause)
    }

    private static func clause(_ text: String) throws -> Clause {
        func fail(_ why: String) -> DiagnosticsError {
            .badRule("malformed stop rule '\(text)': \(why)\n\(grammar)")
        }
        guard !text.isEmpty else { throw fail("empty rule") }
        guard let opStart = text.firstIndex(where: { $0 == "<" || $0 == ">" }) else {
            let (name, scope) = try split(text, fail)
            guard name == "onset" else { throw fail("expected a comparison such as '>0.6', or 'onset'") }
            return .onset(scope: scope)
        }
        let afterOp = text.index(after: opStart)
        let hasEquals = afterOp < text.endIndex && text[afterOp] == "="
        let opEnd = hasEquals ? text.index(after: afterOp) : afterOp
        let op = Comparison(rawValue: String(text[opStart..<opEnd]))!
        let opRange = (opStart..<opEnd, op)
        let (name, scope) = try split(String(text[..<opRange.0.lowerBound]), fail)
        guard let measure = Measure(rawValue: name) else {
            throw fail(name == "onset" ? "'onset' takes no comparison" : "unknown measure '\(name)'")
        }
        let valueText = text[opRange.0.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let value = Double(valueText), value.isFinite else { throw fail("'\(valueText)' is not a number") }
        return .threshold(measure: measure, scope: scope, op: opRange.1, value: value)
    }

    private static func split(_ text: String, _ fail: (String) -> DiagnosticsError) throws -> (String, LayerGroup?) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let at = t.firstIndex(of: "@") else { return (t, nil) }
        let scopeText = String(t[t.index(after: at)...])
        if scopeText == "global" { return (String(t[..<at]), nil) }
        guard let g = LayerGroup(rawValue: scopeText) else { throw fail("unknown scope '\(scopeText)'") }
        return (String(t[..<at]), g)
    }

    /// What made a rule fire.
    public struct Firing: Sendable, Equatable {
        public let clause: Clause
        public let step: Int
        public let sparsity: Double
        /// The measured value (for onset: the onset's size).
        public let value: Double
        /// One line for people: which rule fired, at which step, with which value.
        public var summary: String {
            switch clause {
            case .threshold(let m, let s, _, _):
                return "stop: \(clause) fired at step \(step) (sparsity \(format(sparsity))): \(m.rawValue)\(s.map { "@\($0.rawValue)" } ?? "") = \(format(value))"
            case .onset:
                return "stop: \(clause) fired at step \(step) (sparsity \(format(sparsity))): abrupt change of mean Jaccard by \(format(value))"
            }
        }
    }

    /// Judges the latest of `steps` (in order); the first clause that fires, or nil to go on.
    public func evaluate(_ steps: [StepSimilarity]) -> Firing? {
        guard let last = steps.last else { return nil }
        for c in clauses {
            switch c {
            case .threshold(let m, let scope, let op, let v):
                guard let matrix = last.matrix(scope), let value = StopRule.measure(m, matrix) else { continue }
                if op.holds(value, v) { return Firing(clause: c, step: last.step, sparsity: last.sparsity, value: value) }
            case .onset(let scope):
                let pts = steps.compactMap { s in s.matrix(scope)?.meanOffDiagonal.map { (s.sparsity, $0) } }
                if let o = detector.detect(x: pts.map(\.0), y: pts.map(\.1)) {
                    let step = steps.first { $0.sparsity == o.x }?.step ?? last.step
                    return Firing(clause: c, step: step, sparsity: o.x, value: o.size)
                }
            }
        }
        return nil
    }

    static func measure(_ m: Measure, _ s: SimilarityMatrix) -> Double? {
        switch m {
        case .meanJaccard: return s.meanOffDiagonal
        case .maxJaccard: return s.maxOffDiagonal
        case .meanLift:
            guard let mean = s.meanOffDiagonal, let chance = s.meanChance, chance > 0 else { return nil }
            return mean / chance
        }
    }
}

private func format(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return "\(r)"
}
