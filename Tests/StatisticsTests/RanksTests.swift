import Testing
import Statistics

@Suite("ranks")
struct RanksTests {
    @Test("ties share the average of the ranks they span")
    func averageTies() throws {
        #expect(try ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        #expect(try ranks([7, 7, 7]) == [2, 2, 2])
        #expect(try ranks([3, 1, 2]) == [3, 1, 2])
    }

    @Test("empty input gives no ranks")
    func empty() throws {
        #expect(try ranks([]) == [])
    }

    @Test("infinities rank at the ends")
    func infinities() throws {
        #expect(try ranks([.infinity, 0, -.infinity]) == [3, 2, 1])
    }

    @Test("NaN is rejected with its position")
    func nan() {
        #expect(throws: StatisticsError.nonFinite(variable: "values", index: 1)) {
            try ranks([1, .nan, 2])
        }
    }
}
