import MaskKit

/// A rule that says when to stop pruning, judged on the similarity of the steps stored so far.
///
/// Grammar (docs/stop-rules.md):
///
///     rules   := rule ("," rule)*                 stop when any rule fires
///     rule    := measure [ "@" scope ] op number
///              | "onset" [ "-" curve ] [ "@" scope ]
///     curve   := raw | corrected | lift            (default: ``onsetMeasure``, raw unless set)
///     measure := mean-jaccard | max-jaccard | mean-corrected | mean-lift
///     scope   := global | shallow | middle | deep  (default global)
///     op      := ">" | ">=" | "<" | "<="
///
/// `mean-jaccard` is the mean off-diagonal Jaccard of the latest step, `max-jaccard` its largest
/// pair, `mean-corrected` the mean chance-corrected Jaccard, `mean-lift` mean Jaccard over its
/// chance level; `onset` fires when the curve of ``onsetMeasure`` over the steps so far has an
/// onset — exactly what `collapse` finds on the same steps (see ``SimilarityCurve``).
public struct StopRule: Sendable, Equatable, CustomStringConvertible {
    /// One clause of a rule list.
    public enum Clause: Sendable, Equatable, CustomStringConvertible {
        case threshold(measure: Measure, scope: LayerGroup?, op: Comparison, value: Double)
        /// `measure` nil: the rule's ``StopRule/onsetMeasure``.
        case onset(scope: LayerGroup?, measure: SimilarityMeasure? = nil)

        /// The clause as written (`mean-jaccard>0.5`, `onset-corrected@deep`).
        public var description: String {
            switch self {
            case .threshold(let m, let s, let op, let v): return "\(m.rawValue)\(s.map { "@\($0.rawValue)" } ?? "")\(op.rawValue)\(v)"
            case .onset(let s, let m): return "onset\(m.map { "-\($0.rawValue)" } ?? "")\(s.map { "@\($0.rawValue)" } ?? "")"
            }
        }
    }

    /// A per-step similarity summary.
    public enum Measure: String, Sendable, CaseIterable {
        case meanJaccard = "mean-jaccard", maxJaccard = "max-jaccard", meanCorrected = "mean-corrected", meanLift = "mean-lift"

        /// The per-step summary of a similarity measure's run-level curve.
        public init(_ measure: SimilarityMeasure) {
            switch measure {
            case .raw: self = .meanJaccard
            case .corrected: self = .meanCorrected
            case .lift: self = .meanLift
            }
        }
    }

    /// How a threshold clause compares its measure with its number.
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
        rule    := measure[@scope] op number | onset[-curve][@scope]
        measure := mean-jaccard | max-jaccard | mean-corrected | mean-lift
        scope   := global | shallow | middle | deep
        curve   := raw | corrected | lift         (the curve onset reads; default raw, or check --measure)
        op      := > | >= | < | <=
        examples: mean-jaccard>0.6   mean-jaccard@deep<0.2   onset   onset-corrected   onset@shallow,max-jaccard>0.9
        """

    /// The clauses, in rule order; the rule fires when any fires.
    public let clauses: [Clause]
    /// Detector used by `onset` clauses.
    public var detector = OnsetDetector()
    /// The similarity measure whose curve `onset` clauses read.
    public var onsetMeasure = SimilarityMeasure.raw

    /// The rule as written: its clauses joined by commas.
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
            if name == "onset" { return .onset(scope: scope) }
            if name.hasPrefix("onset-") {
                let curve = String(name.dropFirst("onset-".count))
                guard let m = SimilarityMeasure(rawValue: curve) else { throw fail("unknown curve '\(curve)' (raw, corrected or lift)") }
                return .onset(scope: scope, measure: m)
            }
            throw fail("expected a comparison such as '>0.6', or 'onset'")
        }
        let afterOp = text.index(after: opStart)
        let hasEquals = afterOp < text.endIndex && text[afterOp] == "="
        let opEnd = hasEquals ? text.index(after: afterOp) : afterOp
        let op = Comparison(rawValue: String(text[opStart..<opEnd]))!
        let opRange = (opStart..<opEnd, op)
        let (name, scope) = try split(String(text[..<opRange.0.lowerBound]), fail)
        guard let measure = Measure(rawValue: name) else {
            throw fail(name.hasPrefix("onset") ? "'onset' takes no comparison" : "unknown measure '\(name)'")
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

    /// One clause judged at the latest step.
    public struct Verdict: Sendable, Equatable {
        /// The clause judged.
        public let clause: Clause
        /// The clause's own measure at the latest step (`onset`: the measure its curve reads), nil
        /// where the run lacks it (e.g. a depth group without layers).
        public let value: Double?
        /// The name of that measure, e.g. `mean-jaccard@deep`.
        public let measureName: String
        /// Whether it fires at the latest step.
        public let fired: Bool
        /// For `onset` clauses: the onset found on the steps so far.
        public let onset: Onset?
    }

    /// The rule judged at the latest of a run's steps.
    public struct Judgement: Sendable, Equatable {
        /// The step judged (the latest) and its sparsity.
        public let step: Int
        /// The sparsity of the step judged.
        public let sparsity: Double
        /// Every clause, in rule order.
        public let verdicts: [Verdict]
        /// The first clause that fired, or nil to go on.
        public var firing: Verdict? { verdicts.first { $0.fired } }
        /// The verdict whose value a one-line summary reports: the firing clause, else the first.
        public var reported: Verdict { firing ?? verdicts[0] }

        /// One line for people: which rule fired (or none), at which step, with its measure's value.
        public var summary: String {
            let v = reported
            let value = "\(v.measureName) = \(v.value.map(format) ?? "n/a")"
            guard v.fired else {
                return "go on: no clause fired at step \(step) (sparsity \(format(sparsity))); \(value)"
            }
            if case .onset = v.clause, let o = v.onset {
                let state = o.confirmed ? "confirmed" : "provisional"
                return "stop: \(v.clause) fired at step \(step) (sparsity \(format(sparsity))): \(state) onset at sparsity \(format(o.x)), "
                    + "bending \(o.direction == .rise ? "up" : "down") by \(format(abs(o.size))); \(value)"
            }
            return "stop: \(v.clause) fired at step \(step) (sparsity \(format(sparsity))): \(value)"
        }
    }

    /// Judges the latest of `steps` (in order); nil when there are no steps.
    public func judge(_ steps: [StepSimilarity]) -> Judgement? {
        guard let last = steps.last else { return nil }
        let verdicts = clauses.map { c -> Verdict in
            switch c {
            case .threshold(let m, let scope, let op, let v):
                let value = last.matrix(scope).flatMap { StopRule.measure(m, $0) }
                return Verdict(clause: c, value: value, measureName: m.rawValue + StopRule.suffix(scope),
                               fired: value.map { op.holds($0, v) } ?? false, onset: nil)
            case .onset(let scope, let chosen):
                let measure = chosen ?? onsetMeasure
                let curve = SimilarityCurve(steps, measure: measure, scope: scope)
                let onset = curve.onset(detector)
                let value = last.matrix(scope).flatMap { $0.value(measure) }
                return Verdict(clause: c, value: value, measureName: Measure(measure).rawValue + StopRule.suffix(scope),
                               fired: onset != nil, onset: onset)
            }
        }
        return Judgement(step: last.step, sparsity: last.sparsity, verdicts: verdicts)
    }

    /// Every scope a rule reads (nil = global).
    public var scopes: [LayerGroup?] {
        clauses.map { c in
            switch c {
            case .threshold(_, let s, _, _), .onset(let s, _): return s
            }
        }
    }

    static func suffix(_ scope: LayerGroup?) -> String { scope.map { "@\($0.rawValue)" } ?? "" }

    static func measure(_ m: Measure, _ s: SimilarityMatrix) -> Double? {
        switch m {
        case .meanJaccard: return s.value(.raw)
        case .maxJaccard: return s.maxOffDiagonal
        case .meanCorrected: return s.value(.corrected)
        case .meanLift: return s.value(.lift)
        }
    }
}

private func format(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return "\(r)"
}
