import Foundation
import INR
import PruningCore
import NN
import RunStore
import Testing

/// Every training run stores its cost per phase (table `run_cost`); the INR experiment is the
/// fastest to train, and it goes through the same ``PruningDriver`` as CIFAR and speech.
@Suite struct RunCostTests {
    @Test func trainingStoresWallTimeUpdatesExamplesThreadsAndCPU() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let run = try INRRun(config: try INRRunTests.config("inr-imp"), image: try INRRunTests.image(), store: store)
        #expect(try run.run(name: "cost") == .complete)
        let info = try store.run(named: "cost")
        let costs = try store.costs(of: info)
        #expect(costs.map(\.phase) == [.extract, .retrain])
        let steps = try store.steps(of: info)
        let extractions = steps.filter { $0.phase == "extract" }.count
        let extract = try #require(costs.first), retrain = try #require(costs.last)
        // IMP: one full-batch update over all 60 pixels per INR step; 4 steps per extraction, 6 per target (2 targets).
        #expect(extract.updates == Int64(4 * extractions))
        #expect(extract.examples == Int64(4 * extractions * 60))
        #expect(retrain.updates == 12 && retrain.examples == 12 * 60)
        for c in costs {
            #expect(c.wallSeconds > 0)
            #expect(c.threads == Threading.defaultThreadCount)
            #expect(c.cpu == MachineInfo.cpuModel)
        }
        // A session that finds the run complete adds nothing.
        _ = try INRRun(config: try INRRunTests.config("inr-imp"), image: try INRRunTests.image(), store: store).run(name: "cost")
        #expect(try store.costs(of: info) == costs)
    }
}
