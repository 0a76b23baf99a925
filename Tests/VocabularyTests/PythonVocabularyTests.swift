import Foundation
import Testing
import Vocabulary

/// The Python logger (python/ticketscope/_metrics.py) checks metric names and splits itself; its
/// lists must be the vocabulary's, so a change made on one side only fails the test suite.
@Suite struct PythonVocabularyTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python/ticketscope/_metrics.py")

    /// The quoted strings of the Python tuple assigned to `name` (`NAME = ("a", "b")` on one line).
    func tuple(_ name: String) throws -> [String] {
        let text = try String(contentsOf: Self.source, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("\(name) = (") })
        return line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func pythonKnowsTheSameMetricNamesAndSplits() throws {
        #expect(try tuple("KNOWN") == MetricName.recorded.map(\.rawValue))
        #expect(try tuple("SPLITS") == Split.allCases.map(\.rawValue))
        // FRACTIONS = KNOWN[:5]: the fractions come first.
        #expect(MetricName.recorded.prefix(5).allSatisfy(\.isFraction) && !MetricName.recorded.dropFirst(5).contains(where: \.isFraction))
    }
}
