import Foundation

/// One case of Fixtures/correlations.json, made by scripts/fixtures/make_statistics_fixtures.py with SciPy.
struct GoldenCase: Decodable {
    struct Spearman: Decodable {
        let rho: Double
        let p: Double
    }

    struct Pearson: Decodable {
        let r: Double
        let p: Double
    }

    let name: String
    let x: [Double]
    let y: [Double]
    let ranks_x: [Double]?
    let ranks_y: [Double]?
    let spearman: Spearman
    let pearson: Pearson

    /// All cases in the fixture file.
    static let all: [GoldenCase] = {
        struct File: Decodable { let cases: [GoldenCase] }
        guard let url = Bundle.module.url(forResource: "correlations", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()
}

/// True when `actual` matches SciPy's p-value `expected` to 1e-9 relative or 1e-12 absolute.
func pValuesAgree(_ actual: Double, _ expected: Double) -> Bool {
    abs(actual - expected) <= 1e-12 || abs(actual - expected) <= 1e-9 * abs(expected)
}
