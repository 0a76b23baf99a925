/// A permutation test's result: the observed Spearman ρ and its one-sided (greater) p-value.
public struct PermutationResult: Equatable, Sendable {
    /// Spearman's ρ of the data as given.
    public let coefficient: Double
    /// The fraction of label permutations whose ρ is at least the observed one: exact (all
    /// permutations, the identity included) or Monte-Carlo, (b + 1) / (n + 1).
    public let pValue: Double
    /// Permutations counted: all k! when exact, else the n random ones.
    public let permutations: Int
    /// Whether every permutation was enumerated.
    public let exact: Bool
}

/// Mantel test of two symmetric k×k matrices: Spearman's ρ between their off-diagonal entries
/// (upper triangle) and the one-sided p-value for ρ > 0 under random relabelling of the rows and
/// columns of `b` together (Mantel 1967). Pairs of one distance matrix are not independent, which
/// is why the t-distribution p-value of ``spearman(_:_:)`` is wrong here.
///
/// Enumerates all k! relabellings when k! ≤ `exactLimit`, else draws `permutations` uniform ones
/// from `generator`.
///
/// - Throws: ``StatisticsError`` when the matrices are not k×k alike, k < 3, a value is not
///   finite, or either triangle is constant.
public func mantel<G: RandomNumberGenerator>(_ a: [[Double]], _ b: [[Double]], permutations: Int = 9_999,
                                             exactLimit: Int = 50_000, using generator: inout G) throws -> PermutationResult {
    let k = a.count
    guard b.count == k, (a + b).allSatisfy({ $0.count == k }) else {
        throw StatisticsError.lengthMismatch(xCount: a.count, yCount: b.count)
    }
    guard k >= 3 else { throw StatisticsError.tooFewObservations(count: k * (k - 1) / 2, minimum: 3) }
    let pairs = (0..<k).flatMap { i in ((i + 1)..<k).map { (i, $0) } }
    let x = pairs.map { a[$0.0][$0.1] }, y = pairs.map { b[$0.0][$0.1] }
    let observed = try spearman(x, y).coefficient
    // Centred ranks: ρ of a relabelling π is Σ ca[i][j] · cb[π(i)][π(j)] / (‖ca‖ ‖cb‖).
    let ca = centred(try ranks(x)), cb = centred(try ranks(y))
    var rankB = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for (p, (i, j)) in pairs.enumerated() { rankB[i][j] = cb[p]; rankB[j][i] = cb[p] }
    let statistic = { (perm: [Int]) -> Double in
        var s = 0.0
        for (p, (i, j)) in pairs.enumerated() { s += ca[p] * rankB[perm[i]][perm[j]] }
        return s
    }
    return permutationTest(labels: k, observed: observed, statistic: statistic, permutations: permutations,
                           exactLimit: exactLimit, using: &generator)
}

/// Permutation test of Spearman's ρ between paired samples: the one-sided p-value for ρ > 0
/// under random pairing, exact when n! ≤ `exactLimit`, else Monte-Carlo with `permutations` draws.
///
/// - Throws: ``StatisticsError`` as ``spearman(_:_:)``.
public func spearmanPermutationTest<G: RandomNumberGenerator>(_ x: [Double], _ y: [Double], permutations: Int = 9_999,
                                                              exactLimit: Int = 50_000, using generator: inout G) throws -> PermutationResult {
    let observed = try spearman(x, y).coefficient
    let cx = centred(try ranks(x)), cy = centred(try ranks(y))
    let statistic = { (perm: [Int]) -> Double in
        var s = 0.0
        for i in cx.indices { s += cx[i] * cy[perm[i]] }
        return s
    }
    return permutationTest(labels: x.count, observed: observed, statistic: statistic, permutations: permutations,
                           exactLimit: exactLimit, using: &generator)
}

/// The shared core: counts relabellings whose (unnormalised) statistic reaches the identity's.
private func permutationTest<G: RandomNumberGenerator>(labels k: Int, observed: Double, statistic: ([Int]) -> Double,
                                                       permutations: Int, exactLimit: Int, using generator: inout G) -> PermutationResult {
    var perm = Array(0..<k)
    let reference = statistic(perm)
    let tolerance = 1e-9 * max(abs(reference), 1)
    if let total = factorial(k, atMost: exactLimit) {
        // Heap's algorithm visits every permutation once.
        var atLeast = 0
        var c = [Int](repeating: 0, count: k)
        if statistic(perm) >= reference - tolerance { atLeast += 1 }
        var i = 0
        while i < k {
            if c[i] < i {
                perm.swapAt(i % 2 == 0 ? 0 : c[i], i)
                if statistic(perm) >= reference - tolerance { atLeast += 1 }
                c[i] += 1
                i = 0
            } else {
                c[i] = 0
                i += 1
            }
        }
        return PermutationResult(coefficient: observed, pValue: Double(atLeast) / Double(total), permutations: total, exact: true)
    }
    var atLeast = 0
    for _ in 0..<permutations {
        perm.shuffle(using: &generator)
        if statistic(perm) >= reference - tolerance { atLeast += 1 }
    }
    return PermutationResult(coefficient: observed, pValue: Double(atLeast + 1) / Double(permutations + 1),
                             permutations: permutations, exact: false)
}

/// k!, or nil when it exceeds `limit`.
private func factorial(_ k: Int, atMost limit: Int) -> Int? {
    var f = 1
    for i in stride(from: 2, through: max(k, 1), by: 1) {
        f *= i
        if f > limit { return nil }
    }
    return f
}

private func centred(_ v: [Double]) -> [Double] {
    let mean = v.reduce(0, +) / Double(v.count)
    return v.map { $0 - mean }
}
