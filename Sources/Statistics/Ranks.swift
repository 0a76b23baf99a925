/// Ranks of `values`, 1-based, with tied values given the average of the ranks they span.
///
/// This is `scipy.stats.rankdata(values, method="average")`: `[10, 20, 20, 5]` → `[2, 3.5, 3.5, 1]`.
/// Infinities rank at the ends; NaN has no order and is rejected.
///
/// - Throws: ``StatisticsError/nonFinite(variable:index:)`` (variable `"values"`) for a NaN.
public func ranks(_ values: [Double]) throws -> [Double] {
    if let index = values.firstIndex(where: \.isNaN) {
        throw StatisticsError.nonFinite(variable: "values", index: index)
    }
    let order = values.indices.sorted { values[$0] < values[$1] }
    var result = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start + 1
        while end < order.count, values[order[end]] == values[order[start]] {
            end += 1
        }
        // Positions start..<end hold equal values; their 1-based ranks are start+1 ... end.
        let averageRank = Double(start + 1 + end) / 2
        for position in start..<end {
            result[order[position]] = averageRank
        }
        start = end
    }
    return result
}
