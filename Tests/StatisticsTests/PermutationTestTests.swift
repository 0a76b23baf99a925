import Foundation
import MaskKit
import Testing
@testable import Statistics

/// The library takes any generator; the tests use MaskKit's seeded one.
typealias TestGenerator = SplitMix64

/// Every permutation of 0..<k, by recursion (independent of the library's Heap's algorithm).
func allPermutations(_ k: Int) -> [[Int]] {
    guard k > 0 else { return [[]] }
    return allPermutations(k - 1).flatMap { p in (0...p.count).map { i in var q = p; q.insert(k - 1, at: i); return q } }
}

func upperTriangle(_ m: [[Double]]) -> [Double] {
    (0..<m.count).flatMap { i in ((i + 1)..<m.count).map { m[i][$0] } }
}

/// Brute force: relabel b by every permutation, Spearman via ``spearman(_:_:)``, count ρ ≥ observed.
func bruteForceMantel(_ a: [[Double]], _ b: [[Double]]) throws -> Double {
    let observed = try spearman(upperTriangle(a), upperTriangle(b)).coefficient
    let perms = allPermutations(a.count)
    let atLeast = try perms.filter { p in
        let bp = p.map { i in p.map { j in b[i][j] } }
        return try spearman(upperTriangle(a), upperTriangle(bp)).coefficient >= observed - 1e-12
    }.count
    return Double(atLeast) / Double(perms.count)
}

func randomMatrix(_ k: Int, _ g: inout TestGenerator, noise: [[Double]]? = nil) -> [[Double]] {
    var m = [[Double]](repeating: [Double](repeating: 1, count: k), count: k)
    for i in 0..<k { for j in (i + 1)..<k {
        let v = (Double(g.next() >> 11) * 0x1p-53 * 20).rounded() / 20   // coarse values: ties
        m[i][j] = v; m[j][i] = v
    } }
    return m
}

@Suite struct PermutationTestTests {
    @Test func mantelMatchesSciPyBruteForce() throws {
        struct Case: Decodable { let a: [[Double]], b: [[Double]], rho: Double, p: Double, permutations: Int }
        struct File: Decodable { let cases: [Case] }
        let url = Bundle.module.url(forResource: "mantel", withExtension: "json", subdirectory: "Fixtures")!
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        var g = TestGenerator(seed: 1)
        for c in file.cases {
            let r = try mantel(c.a, c.b, using: &g)
            #expect(r.exact && r.permutations == c.permutations)
            #expect(abs(r.coefficient - c.rho) < 1e-12)
            #expect(abs(r.pValue - c.p) < 1e-12, "K=\(c.a.count): \(r.pValue) vs SciPy brute force \(c.p)")
        }
    }

    @Test(arguments: [3, 4, 5, 6])
    func exactMantelEqualsBruteForce(k: Int) throws {
        var g = TestGenerator(seed: UInt64(k))
        for _ in 0..<4 {
            let a = randomMatrix(k, &g), b = randomMatrix(k, &g)
            guard Set(upperTriangle(a)).count > 1, Set(upperTriangle(b)).count > 1 else { continue }
            let r = try mantel(a, b, using: &g)
            #expect(r.exact)
            #expect(abs(r.pValue - (try bruteForceMantel(a, b))) < 1e-12)
        }
    }

    /// K = 8: Monte-Carlo with 9,999 draws lies within 3 standard errors of the exact p (8! = 40,320 enumerated).
    @Test func monteCarloIsWithinThreeStandardErrorsOfExact() throws {
        var g = TestGenerator(seed: 8)
        for _ in 0..<3 {
            let a = randomMatrix(8, &g)
            var b = a
            for i in 0..<8 { for j in (i + 1)..<8 { let v = a[i][j] + Double(g.next() >> 11) * 0x1p-53 * 0.8; b[i][j] = v; b[j][i] = v } }
            let exact = try mantel(a, b, using: &g)
            #expect(exact.exact && exact.permutations == 40_320)
            let mc = try mantel(a, b, permutations: 9_999, exactLimit: 1, using: &g)
            #expect(!mc.exact && mc.permutations == 9_999)
            let se = (exact.pValue * (1 - exact.pValue) / 9_999).squareRoot()
            #expect(abs(mc.pValue - exact.pValue) <= 3 * se + 1.0 / 10_000, "exact \(exact.pValue), Monte-Carlo \(mc.pValue)")
        }
    }

    @Test func spearmanPermutationOfThreePointsIsOneSixth() throws {
        var g = TestGenerator(seed: 3)
        // K = 4 classes: each class's row has 3 other classes. A perfect ranking of 3 points is 1 of 3! = 6.
        let r = try spearmanPermutationTest([0.1, 0.5, 0.9], [0.2, 0.3, 0.8], using: &g)
        #expect(r.coefficient == 1 && r.exact && r.permutations == 6)
        #expect(abs(r.pValue - 1.0 / 6) < 1e-15)
        // Independent brute force for 6 points.
        let x = [0.3, 0.1, 0.4, 0.15, 0.5, 0.9], y = [0.2, 0.2, 0.5, 0.1, 0.7, 0.6]
        let observed = try spearman(x, y).coefficient
        let perms = allPermutations(6)
        let count = try perms.filter { p in try spearman(x, p.map { y[$0] }).coefficient >= observed - 1e-12 }.count
        #expect(abs(try spearmanPermutationTest(x, y, using: &g).pValue - Double(count) / 720) < 1e-12)
    }

    @Test func degenerateInputIsAnError() {
        var g = TestGenerator(seed: 0)
        #expect(throws: StatisticsError.self) { try mantel([[1, 0.5], [0.5, 1]], [[1, 0.2], [0.2, 1]], using: &g) }
        #expect(throws: StatisticsError.self) { try mantel([[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]], [[1, 0.2, 0.3], [0.2, 1, 0.4], [0.3, 0.4, 1]], using: &g) }
        #expect(throws: StatisticsError.self) { try mantel([[1, 0.5, 0.5], [0.5, 1, 0.5]], [[1]], using: &g) }
    }
}
