import Foundation
import INR
import PruningCore
import RunStore
import Testing

/// Run identity on resume (issue 15 item 4): a stored run resumes after a key with a default was added
/// to the configuration, and a genuinely different configuration is refused with one line.
@Suite struct RunIdentityTests {
    /// The canonical JSON of `config` without `keys`: what a run stored before those keys existed holds.
    static func stored(_ config: INRConfig, without keys: [String]) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(config.canonicalJSON.utf8)) as? [String: Any])
        for key in keys { #expect(object.removeValue(forKey: key) != nil, "\(key) is in the canonical JSON") }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func hashIsFNV1a64OfTheCanonicalJSON() throws {
        // The published FNV-1a 64 test vectors.
        #expect(RunIdentity.hash(of: "") == "cbf29ce484222325")
        #expect(RunIdentity.hash(of: "a") == "af63dc4c8601ec8c")
        #expect(RunIdentity.hash(of: "foobar") == "85944171f73967e8")
        let config = try INRRunTests.config("inr-rtl")
        #expect(RunIdentity(config).hash == RunIdentity.hash(of: config.canonicalJSON))
        // Defaults are applied before hashing: spelling a default out is the same run.
        let explicit = try INRRunTests.config("inr-rtl", extra: #", "max_regions": 16, "learning_rate_schedule": "constant""#)
        #expect(RunIdentity(explicit).hash == RunIdentity(config).hash)
    }

    @Test func trainingStoresTheHash() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let config = try INRRunTests.config("inr-imp")
        #expect(try INRRun(config: config, image: try INRRunTests.image(), store: store).run(name: "h") == .complete)
        let info = try store.run(named: "h")
        #expect(info.configHash == RunIdentity(config).hash && info.configJSON == config.canonicalJSON)
    }

    @Test func aRunStoredBeforeADefaultedKeyExistedResumes() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let config = try INRRunTests.config("inr-rtl")
        let run = try INRRun(config: config, image: try INRRunTests.image(), store: store)
        // An older run: its JSON lacks two keys that now have defaults, and it has no stored hash.
        let old = try Self.stored(config, without: ["learning_rate_schedule", "max_regions"])
        #expect(old != config.canonicalJSON)
        var description = run.description(name: "old")
        description.configJSON = old
        let info = try store.createRun(description, layout: run.layout, subnetworks: run.subnetworkNames.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) })
        #expect(info.configHash == nil)
        store.releaseLease(run: info)
        #expect(RunIdentity(config).matches(try store.run(named: "old")))
        try PruningDriver.checkCompatible(store: store, name: "old", identity: RunIdentity(config))
        // Resuming with the config the stored JSON decodes to today trains the run to its end.
        let resumedConfig = try INRConfig(json: Data(old.utf8), source: "stored")
        #expect(try INRRun(config: resumedConfig, image: try INRRunTests.image(), store: store).run(name: "old") == .complete)
        let resumed = try store.run(named: "old")
        #expect(resumed.status == "complete" && resumed.configJSON == old)
        #expect(try store.events(of: resumed).contains { $0.kind == "resume" })
        #expect(try store.steps(of: resumed).filter { $0.stepPhase == .retrain }.map(\.targetSparsity) == [0.3, 0.6])
    }

    @Test func aDifferentConfigurationIsRefusedInOneLine() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let config = try INRRunTests.config("inr-rtl")
        let run = try INRRun(config: config, image: try INRRunTests.image(), store: store)
        var description = run.description(name: "r")
        description.configJSON = try Self.stored(config, without: ["max_regions"])
        let subnetworks = run.subnetworkNames.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) }
        store.releaseLease(run: try store.createRun(description, layout: run.layout, subnetworks: subnetworks))
        let other = try INRRunTests.config("inr-rtl", extra: #", "max_regions": 8"#)
        let error = #expect(throws: LotteryError.self) { try PruningDriver.checkCompatible(store: store, name: "r", identity: RunIdentity(other)) }
        let text = "\(try #require(error))"
        #expect(text == "run 'r' already exists with a different configuration (max_regions); choose another --name, or pass --resume to continue it with its stored configuration")
        #expect(!text.contains("\n"))
        // Nothing was written: the run has no steps and its row is unchanged.
        #expect(try store.steps(of: try store.run(named: "r")).isEmpty)
    }
}
