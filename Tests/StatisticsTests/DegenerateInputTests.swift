import Testing
import Statistics

@Suite("Degenerate input throws a typed error")
struct DegenerateInputTests {
    /// The two correlations under test.
    enum Measure: String, CaseIterable {
        case spearman, pearson

        func callAsFunction(_ x: [Double], _ y: [Double]) throws -> Correlation {
            switch self {
            case .spearman: return try Statistics.spearman(x, y)
            case .pearson: return try Statistics.pearson(x, y)
            }
        }
    }

    @Test("mismatched lengths", arguments: Measure.allCases)
    func lengthMismatch(measure: Measure) {
        #expect(throws: StatisticsError.lengthMismatch(xCount: 3, yCount: 4)) {
            try measure([1, 2, 3], [1, 2, 3, 4])
        }
    }

    @Test("fewer than three pairs", arguments: Measure.allCases)
    func tooFew(measure: Measure) {
        #expect(throws: StatisticsError.tooFewObservations(count: 2, minimum: 3)) {
            try measure([1, 2], [2, 1])
        }
        #expect(throws: StatisticsError.tooFewObservations(count: 0, minimum: 3)) {
            try measure([], [])
        }
    }

    @Test("a constant sample", arguments: Measure.allCases)
    func constant(measure: Measure) {
        #expect(throws: StatisticsError.constantInput(variable: "y")) {
            try measure([1, 2, 3], [4, 4, 4])
        }
        #expect(throws: StatisticsError.constantInput(variable: "x")) {
            try measure([0, 0, 0], [1, 2, 3])
        }
    }

    @Test("NaN or infinite values", arguments: Measure.allCases)
    func nonFinite(measure: Measure) {
        #expect(throws: StatisticsError.nonFinite(variable: "x", index: 2)) {
            try measure([1, 2, .nan], [1, 2, 3])
        }
        #expect(throws: StatisticsError.nonFinite(variable: "y", index: 0)) {
            try measure([1, 2, 3], [-.infinity, 2, 3])
        }
    }

    @Test("huge finite values neither overflow nor give NaN")
    func hugeValues() throws {
        let big = Double.greatestFiniteMagnitude
        let result = try pearson([-big, big, big / 2, 0], [1, 4, 3, 2])
        #expect(result.coefficient.isFinite && result.pValue.isFinite)
        #expect(abs(result.coefficient - 0.9827076298239907) < 1e-12)
    }

    @Test("every error has a one-line description")
    func descriptions() {
        let errors: [StatisticsError] = [
            .lengthMismatch(xCount: 3, yCount: 4), .tooFewObservations(count: 2, minimum: 3),
            .nonFinite(variable: "x", index: 1), .constantInput(variable: "y"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
            #expect(error.errorDescription == error.description)
        }
        #expect(StatisticsError.constantInput(variable: "y").description.contains("y is constant"))
    }
}
