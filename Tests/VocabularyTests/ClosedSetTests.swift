import Testing
import Vocabulary

/// The raw values are what the store holds: they must never change (docs/schema.md).
@Suite struct ClosedSetTests {
    @Test func rawValuesAreTheStoredStrings() {
        #expect(StepPhase.allCases.map(\.rawValue) == ["extract", "retrain", "final", "imported"])
        #expect(RunStatus.allCases.map(\.rawValue) == ["running", "complete", "stopped", "failed", "imported", "interrupted"])
        #expect(EventKind.allCases.map(\.rawValue)
                == ["early_stop", "collapse_onset", "resume", "error", "interrupted", "extend", "lease_takeover", "import", "delete", "replace"])
        #expect(Split.allCases.map(\.rawValue) == ["train", "validation", "test"])
        #expect(CostPhase.allCases.map(\.rawValue) == ["extract", "retrain", "import"])
        #expect(RunMethod.allCases.map(\.rawValue)
                == ["rtl", "imp-single", "imp-multi", "imported", "inr-rtl", "inr-imp", "speech-rtl", "speech-imp-single", "speech-imp-multi"])
    }

    @Test func phasesSplitsAndMethodsGroupAsReadersExpect() {
        #expect(StepPhase.pruning == ["extract", "imported"])
        #expect(StepPhase.allCases.filter(\.isRetrained) == [.retrain, .final])
        #expect(Split.qualityPreference == [.validation, .test, .train] && Split.resultPreference == [.test, .validation, .train])
        #expect(RunMethod.allCases.filter(\.subnetworksAreSeparateModels) == [.impMulti, .speechIMPMulti])
        #expect(RunMethod.separateModels("speech-imp-multi") && !RunMethod.separateModels("imp-single") && !RunMethod.separateModels("other"))
        #expect(RunMethod.allCases.filter { $0.experiment == .inr } == [.inrRTL, .inrIMP])
        #expect(RunMethod.allCases.filter { $0.experiment == .speech } == [.speechRTL, .speechIMPSingle, .speechIMPMulti])
        #expect(RunMethod.allCases.filter { $0.experiment == .classification } == [.rtl, .impSingle, .impMulti])
    }
}
