import Classification
import INR
import RunStore
import Speech
import Testing

/// Each experiment's config `method` is stored as `run.method`: every value must be a ``RunMethod``
/// of that experiment, so readers that switch on RunMethod see every trained run.
@Suite struct MethodVocabularyTests {
    @Test func configMethodsAreRunMethodsOfTheirExperiment() {
        #expect(TrainConfig.Method.allCases.map { RunMethod(rawValue: $0.rawValue)?.experiment } == [.classification, .classification, .classification])
        #expect(INRConfig.Method.allCases.map { RunMethod(rawValue: $0.rawValue)?.experiment } == [.inr, .inr])
        #expect(SpeechConfig.Method.allCases.map { RunMethod(rawValue: $0.rawValue)?.experiment } == [.speech, .speech, .speech])
        // The methods whose #Params is the sum of the masks.
        #expect(RunMethod(rawValue: TrainConfig.Method.impMulti.rawValue)?.subnetworksAreSeparateModels == true)
        #expect(RunMethod(rawValue: SpeechConfig.Method.impMulti.rawValue)?.subnetworksAreSeparateModels == true)
    }
}
