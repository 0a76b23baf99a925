import ArgumentParser
import Classification
import Foundation
import INR
import PruningCore
import Speech

/// One experiment `train` and `sweep` can run, found by its config's `method`. Adding an
/// experiment is its own module (a config type and a `PruningExperiment`), a `train` function in
/// this target, and one entry in ``ExperimentRegistry/all`` (docs/architecture.md, "Adding an
/// experiment").
struct ExperimentRegistration {
    /// Short name, for messages and docs.
    let name: String
    /// One line for `--help`.
    let summary: String
    /// The `method` values of its configs.
    let methods: [String]
    /// Every key its configs may have (what `sweep --set` accepts).
    let configKeys: [String]
    /// Why `sweep` cannot run it, or nil when it can.
    let sweepRefusal: String?
    /// Whether `train --image/--labels` apply to it.
    let takesImageFiles: Bool
    /// Parses and checks a config text, as `train` would, without training (`source` names it in errors).
    let check: (_ json: Data, _ source: String) throws -> Void
    /// Trains the command's config.
    let train: (TrainCommand) throws -> Void
    /// Its own `report` subcommand (beyond the collapse, semantic and comparison reports every run
    /// gets), or nil.
    let report: ParsableCommand.Type?
}

/// The experiments this build can train.
enum ExperimentRegistry {
    static let classification = ExperimentRegistration(
        name: "classification", summary: "CIFAR-10/100 or generated images, one subnetwork per class or cluster (paper §4.1–4.2)",
        methods: TrainConfig.Method.allCases.map(\.rawValue), configKeys: TrainConfig.keys, sweepRefusal: nil, takesImageFiles: false,
        check: { data, source in _ = try TrainConfig(json: data, source: source).modelRegistration(source: source) },
        train: { try $0.runClassification() }, report: nil)

    static let inr = ExperimentRegistration(
        name: "inr", summary: "implicit neural representations of images, one subnetwork per region (paper §4.3)",
        methods: INRConfig.Method.allCases.map(\.rawValue), configKeys: INRConfig.keys,
        sweepRefusal: "an INR config trains one run per image (sweep those with one `train` per image)", takesImageFiles: true,
        check: { data, source in _ = try INRConfig(json: data, source: source) },
        train: { try $0.runINR() }, report: ReportCommand.INRReport.self)

    static let speech = ExperimentRegistration(
        name: "speech", summary: "speech enhancement, one subnetwork per acoustic scene (paper §4.4)",
        methods: SpeechConfig.Method.allCases.map(\.rawValue), configKeys: SpeechConfig.keys, sweepRefusal: nil, takesImageFiles: false,
        check: { data, source in _ = try SpeechConfig(json: data, source: source) },
        train: { try $0.runSpeech() }, report: ReportCommand.SpeechReport.self)

    /// Every registered experiment.
    static let all = [classification, inr, speech]

    /// The experiment of a config text: the one whose methods include its `method`. A config without
    /// a `method` goes to the classification experiment, whose parsing names the missing key.
    static func experiment(forConfig data: Data, source: String) throws -> ExperimentRegistration {
        guard let method = ConfigParsing.method(ofJSON: data) else { return classification }
        guard let experiment = all.first(where: { $0.methods.contains(method) }) else {
            let known = all.map { "\($0.methods.joined(separator: ", ")) (\($0.name))" }.joined(separator: "; ")
            throw LotteryError.config("'\(source)': unknown method '\(method)' (methods: \(known))")
        }
        return experiment
    }
}
