import Foundation
import PruningCore
import Testing

@Suite struct SweepGridTests {
    let base: [String: Any] = ["name": "c10", "method": "rtl", "seed": 0, "target_sparsities": [0.5]]
    let keys = ["name", "method", "seed", "target_sparsities", "learning_rate"]

    @Test func expandsInGivenKeyOrderWithTypedValues() throws {
        let grid = try SweepGrid(base: base, name: "c10", sets: ["seed=0,1", "method=rtl,imp-single", "target_sparsities=[0.25,0.5],[0.9]"], knownKeys: keys)
        #expect(grid.points.count == 8)
        #expect(grid.points[0].name == "c10/seed=0,method=rtl,target_sparsities=[0.25,0.5]")
        #expect(grid.points[7].name == "c10/seed=1,method=imp-single,target_sparsities=[0.9]")
        #expect(grid.points[0].fileStem == "c10_seed=0,method=rtl,target_sparsities=_0.25,0.5_")
        let config = try #require(JSONSerialization.jsonObject(with: Data(grid.points[7].configJSON.utf8)) as? [String: Any])
        #expect(config["seed"] as? Int == 1 && config["method"] as? String == "imp-single")
        #expect(config["target_sparsities"] as? [Double] == [0.9] && config["name"] as? String == grid.points[7].name)
    }

    @Test func refusesUnknownKeysEmptyListsAndHugeGrids() {
        #expect(throws: LotteryError.self) { try SweepGrid(base: base, name: "c10", sets: ["sede=1"], knownKeys: keys) }
        #expect(throws: LotteryError.self) { try SweepGrid(base: base, name: "c10", sets: ["name=a,b"], knownKeys: keys) }
        #expect(throws: LotteryError.self) { try SweepGrid(base: base, name: "c10", sets: [], knownKeys: keys) }
        #expect(throws: LotteryError.self) { try SweepGrid(base: base, name: "c10", sets: ["seed="], knownKeys: keys) }
        let big = ["seed=" + (0..<101).map(String.init).joined(separator: ","), "learning_rate=" + (1...100).map { "\($0)e-4" }.joined(separator: ",")]
        #expect(throws: LotteryError.self) { try SweepGrid(base: base, name: "c10", sets: big, knownKeys: keys) }
        #expect((try? SweepGrid(base: base, name: "c10", sets: big, knownKeys: keys, confirmed: true))?.points.count == 10_100)
    }
}
