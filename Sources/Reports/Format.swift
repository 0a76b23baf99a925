/// Numbers as reports print them, deterministically and without locale effects.
enum Format {
    /// A number with fixed decimals; "–" for nil.
    static func number(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x else { return "–" }
        return formatFixed(x, digits)
    }

    /// A parameter count in the paper's style: 944K, 1.2M, 950.
    static func count(_ n: Double?) -> String {
        guard let n else { return "–" }
        if n >= 1e6 { return formatFixed(n / 1e6, n >= 1e7 ? 0 : 1) + "M" }
        if n >= 1e3 { return formatFixed(n / 1e3, n >= 1e5 ? 0 : 1) + "K" }
        return formatFixed(n, 0)
    }

    /// A p-value: "<0.001" below 0.001, else three decimals.
    static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : formatFixed(p, 3) }

    /// "p < 0.001" or "p = 0.123", for running text.
    static func pClause(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + formatFixed(p, 3) }

    /// A sparsity level as a whole percentage: "50%".
    static func percent(_ level: Double) -> String { "\(Int((level * 100).rounded()))%" }

    /// The value in bold when `isBest`, else plain: the cells of tables that mark the best value.
    static func marked(_ text: String, _ isBest: Bool) -> ReportText { isBest ? .strong(text) : ReportText(text) }
}

/// Fixed-point formatting without locale effects (reports must be byte-identical across runs).
public func formatFixed(_ x: Double, _ digits: Int) -> String {
    if !x.isFinite { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (abs(x) * scale).rounded() / scale
    let negative = x < 0 && r != 0
    let whole = UInt64(r.rounded(.down))
    var text = String(whole)
    if digits > 0 {
        let frac = UInt64(((r - Double(whole)) * scale).rounded())
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        text += "." + f
    }
    return (negative ? "-" : "") + text
}
