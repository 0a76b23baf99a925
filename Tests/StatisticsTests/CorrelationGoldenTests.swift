import Testing
@testable import Statistics

@Suite("Correlations agree with SciPy")
struct CorrelationGoldenTests {
    @Test("the fixture file loads with every kind of case")
    func fixtureLoads() {
        let names = Set(GoldenCase.all.map(\.name))
        #expect(GoldenCase.all.count >= 15)
        #expect(names.isSuperset(of: ["n3", "n4", "heavy_ties_n50", "upper_triangle_n45", "upper_triangle_n4950"]))
    }

    @Test("Spearman rho and p match scipy.stats.spearmanr", arguments: GoldenCase.all.map(\.name))
    func spearmanMatches(name: String) throws {
        let golden = try #require(GoldenCase.all.first { $0.name == name })
        let result = try spearman(golden.x, golden.y)
        #expect(result.n == golden.x.count)
        #expect(abs(result.coefficient - golden.spearman.rho) <= 1e-9, "rho \(result.coefficient) vs \(golden.spearman.rho)")
        #expect(pValuesAgree(result.pValue, golden.spearman.p), "p \(result.pValue) vs \(golden.spearman.p)")
    }

    @Test("Pearson r and p match scipy.stats.pearsonr", arguments: GoldenCase.all.map(\.name))
    func pearsonMatches(name: String) throws {
        let golden = try #require(GoldenCase.all.first { $0.name == name })
        let result = try pearson(golden.x, golden.y)
        #expect(abs(result.coefficient - golden.pearson.r) <= 1e-9, "r \(result.coefficient) vs \(golden.pearson.r)")
        #expect(pValuesAgree(result.pValue, golden.pearson.p), "p \(result.pValue) vs \(golden.pearson.p)")
    }

    @Test("ranks match scipy.stats.rankdata(method='average')", arguments: GoldenCase.all.filter { $0.ranks_x != nil }.map(\.name))
    func ranksMatch(name: String) throws {
        let golden = try #require(GoldenCase.all.first { $0.name == name })
        #expect(try ranks(golden.x) == golden.ranks_x)
        #expect(try ranks(golden.y) == golden.ranks_y)
    }
}
