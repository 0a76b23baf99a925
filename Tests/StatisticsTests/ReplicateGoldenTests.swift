import Foundation
import XCTest
@testable import Statistics

/// Mean, sample sd and 95 % Student-t interval against SciPy (Fixtures/replicates.json, made by
/// scripts/fixtures/make_replicate_fixtures.py).
final class ReplicateGoldenTests: XCTestCase {
    struct File: Decodable {
        struct Case: Decodable { let name: String; let values: [Double]; let mean: Double; let sd: Double; let ci95: [Double] }
        struct Quantile: Decodable { let p: Double; let df: Double; let t: Double }
        let cases: [Case]
        let quantiles: [Quantile]
    }

    func fixture() throws -> File {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "replicates", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-11) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    func testSummariesMatchSciPy() throws {
        let file = try fixture()
        XCTAssertGreaterThanOrEqual(file.cases.count, 8)
        for c in file.cases {
            let s = try ReplicateSummary(c.values)
            XCTAssertEqual(s.n, c.values.count, c.name)
            XCTAssertTrue(close(s.mean, c.mean, 1e-13), "\(c.name): mean \(s.mean) vs \(c.mean)")
            let sd = try XCTUnwrap(s.sd, c.name)
            XCTAssertTrue(close(sd, c.sd, 1e-9) || abs(sd - c.sd) < 1e-12, "\(c.name): sd \(sd) vs \(c.sd)")
            let ci = try XCTUnwrap(s.ci95, c.name)
            XCTAssertTrue(close(ci.lowerBound, c.ci95[0], 1e-10), "\(c.name): lower \(ci.lowerBound) vs \(c.ci95[0])")
            XCTAssertTrue(close(ci.upperBound, c.ci95[1], 1e-10), "\(c.name): upper \(ci.upperBound) vs \(c.ci95[1])")
        }
    }

    func testQuantilesMatchSciPy() throws {
        for q in try fixture().quantiles {
            let t = studentTQuantile(probability: q.p, degreesOfFreedom: q.df)
            XCTAssertTrue(close(t, q.t, 1e-10), "t(\(q.p), \(q.df)) = \(t), SciPy \(q.t)")
        }
    }

    func testOneValueHasNoSpreadAndBadInputIsAnError() throws {
        let one = try ReplicateSummary([0.75])
        XCTAssertEqual(one.n, 1)
        XCTAssertEqual(one.mean, 0.75)
        XCTAssertNil(one.sd)
        XCTAssertNil(one.ci95)
        XCTAssertThrowsError(try ReplicateSummary([])) { XCTAssertEqual($0 as? StatisticsError, .noValues) }
        XCTAssertThrowsError(try ReplicateSummary([1, .nan])) { XCTAssertEqual($0 as? StatisticsError, .nonFinite(variable: "values", index: 1)) }
    }
}
