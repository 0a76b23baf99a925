import Audio
import Foundation
import PruningCore
import MaskKit
import RunStore
import Testing
@testable import Speech

/// End-to-end tiny runs of every method on generated audio.
@Suite(.serialized) struct SpeechRunTests {
    static let data: URL = try! GeneratedSpeech.directory()

    func train(_ method: String, store: RunStore) throws -> (RunInfo, PruningDriver.Outcome, SpeechRun) {
        let config = try GeneratedSpeech.config(method)
        let data = try SpeechData.load(directory: Self.data.path, config: config, stft: try STFT())
        let run = try SpeechRun(config: config, data: data, store: store)
        let outcome = try run.run(name: method)
        return (try store.run(named: method), outcome, run)
    }

    @Test(arguments: ["speech-rtl", "speech-imp-single", "speech-imp-multi"])
    func tinyRun(method: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("speech-\(UUID().uuidString).sqlite").path
        let store = try RunStore(path: path, mode: .write)
        let (info, outcome, run) = try train(method, store: store)
        #expect(outcome == .complete)
        let steps = try store.steps(of: info)
        #expect(steps.map(\.phase) == ["extract", "retrain", "extract", "retrain"])
        #expect(steps.compactMap(\.targetSparsity) == [0.5, 0.5, 0.75, 0.75])
        let subnetworks = try store.subnetworks(of: info).map(\.name)
        #expect(subnetworks == (method == "speech-imp-single" ? ["all"] : ["hiss", "hum"]))
        for step in steps {
            let masks = try store.masks(of: info, step: step.index)
            #expect(masks.count == subnetworks.count)
            #expect(masks.allSatisfy { abs(1 - Double($0.popcount) / Double(run.layout.parameterCount) - step.targetSparsity!) < 1e-3 })
        }
        let metrics = try store.metrics(of: info)
        for step in steps {
            let split = step.phase == "retrain" ? "test" : "validation"
            let at = metrics.filter { $0.step == step.index && $0.split == split && $0.subnetwork == nil }
            for name in ["si_snri", "si_snri.hiss", "si_snri.hum"] {
                #expect(at.contains { $0.name == name && $0.value.isFinite }, "\(method) step \(step.index) lacks \(name)")
            }
            if method != "speech-imp-single" {
                #expect(Set(metrics.filter { $0.step == step.index && $0.split == split && $0.name == "si_snri" }.compactMap(\.subnetwork)) == [0, 1])
            }
        }
        let retrained = steps.filter { $0.phase == "retrain" }
        for step in retrained {
            let masks = try store.masks(of: info, step: step.index)
            let params = try #require(metrics.first { $0.step == step.index && $0.name == "params" }).value
            let expected = method == "speech-rtl" ? try Mask.unionCount(masks) : masks.map(\.popcount).reduce(0, +)
            #expect(params == Double(expected))
            for scene in ["hiss", "hum"] {
                let enhanced = try #require(try store.checkpoint(.enhanced(sparsity: step.targetSparsity!, scene: scene), run: info))
                #expect(RawSamples.decode(enhanced)?.count == 2800)
            }
        }
        #expect(RawSamples.decode(try #require(try store.checkpoint(.noisy(scene: "hum"), run: info))) != nil)
        #expect(try store.checkpoint(.clean(scene: "hiss"), run: info) != nil)

        // Resuming a complete run trains nothing and writes no step.
        let (_, again, _) = try train(method, store: store)
        #expect(again == .complete)
        #expect(try store.steps(of: info).count == steps.count)
    }

    @Test func everyMethodStartsFromTheSameWeights() throws {
        let data = try SpeechData.load(directory: Self.data.path, config: try GeneratedSpeech.config("speech-rtl"), stft: try STFT())
        let store = try RunStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("speech-\(UUID().uuidString).sqlite").path, mode: .write)
        let runs = try ["speech-rtl", "speech-imp-single", "speech-imp-multi"].map { try SpeechRun(config: try GeneratedSpeech.config($0), data: data, store: store) }
        #expect(runs[0].theta0 == runs[1].theta0 && runs[1].theta0 == runs[2].theta0)
    }
}
