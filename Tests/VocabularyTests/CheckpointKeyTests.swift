import Testing
import Vocabulary

@Suite struct CheckpointKeyTests {
    /// Every key the trainers write, with the exact text docs/schema.md documents.
    static let written: [(CheckpointKey, String)] = [
        (.weights(sparsity: 0.75, part: .shared), "retrain@0.75/shared"),
        (.weights(sparsity: 0.25, part: .subnetwork(3)), "retrain@0.25/3"),
        (.weights(sparsity: 0.5, part: .all), "retrain@0.5/all"),
        (.reconstruction(sparsity: 0.6), "reconstruction@0.6"),
        (.target, "target"),
        (.noisy(scene: "cafe"), "noisy/cafe"),
        (.clean(scene: "street"), "clean/street"),
        (.enhanced(sparsity: 0.9, scene: "bus stop"), "enhanced@0.9/bus stop"),
    ]

    @Test func encodesTheStoredNamesAndDecodesThemBack() {
        for (key, text) in Self.written {
            #expect(key.rawValue == text)
            #expect(CheckpointKey(rawValue: text) == key)
        }
    }

    @Test func sparsitiesRoundTripExactly() {
        // A target that is not a short decimal still decodes to the same Double.
        let s = 0.1 + 0.2
        let key = CheckpointKey.weights(sparsity: s, part: .shared)
        #expect(key.rawValue == "retrain@0.30000000000000004/shared")
        #expect(CheckpointKey(rawValue: key.rawValue) == key)
    }

    @Test func namesNoTrainerWritesAreNotKeys() {
        for text in ["", "theta0", "retrain@x/shared", "retrain@0.5/", "retrain@0.5/-1", "retrain@0.5/sh", "retrain@nan/shared",
                     "reconstruction@", "reconstruction@inf", "noisy/", "clean/", "enhanced@0.5/", "enhanced@/cafe", "targets"] {
            #expect(CheckpointKey(rawValue: text) == nil, "\(text)")
        }
    }
}
