import Foundation
import Testing
@testable import RunStore

/// The CHECK constraints of schema version 2 list exactly the vocabulary's closed sets.
@Suite struct SchemaVocabularyTests {
    /// The quoted values of `column IN (...)` in the CREATE TABLE of `table`.
    func checked(_ table: String, _ column: String) throws -> [String] {
        let ddl = SchemaV2.tables
        let start = try #require(ddl.range(of: "CREATE TABLE \(table) ("))
        let body = ddl[start.upperBound...]
        let check = try #require(body.range(of: "\(column) IN ("))
        let close = try #require(body[check.upperBound...].firstIndex(of: ")"))
        return body[check.upperBound..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
    }

    @Test func checkConstraintsMatchTheEnums() throws {
        #expect(try checked("run", "status") == RunStatus.allCases.map(\.rawValue))
        #expect(try checked("step", "phase") == StepPhase.allCases.map(\.rawValue))
        #expect(try checked("metric", "split") == Split.allCases.map(\.rawValue))
        #expect(try checked("event", "kind") == EventKind.allCases.map(\.rawValue))
        #expect(try checked("run_cost", "phase") == CostPhase.allCases.map(\.rawValue))
    }
}
