import Audio
import ArgumentParser
import Foundation
import PruningCore
import RunStore
import Speech

extension TrainCommand {
    /// Environment variable naming the default speech data directory (holding index.json).
    static let speechDataVariable = "TICKETSCOPE_SPEECH_DATA"

    /// Trains a speech config: the index and every audio file are loaded and checked first.
    func runSpeech() throws {
        var (cfg, runName) = try configured(SpeechConfig.self)
        if resume { cfg = try stored(SpeechConfig.self, run: runName) }
        guard let dir = data ?? ProcessInfo.processInfo.environment[Self.speechDataVariable] else {
            throw UsageError("speech training needs data: --data DIR (holding index.json) or $\(Self.speechDataVariable)")
        }
        let dataset = try SpeechData.load(directory: dir, config: cfg, stft: try STFT())
        let db = try store.open(.write)
        try PruningDriver.checkCompatible(store: db, name: runName, identity: RunIdentity(cfg))
        let observer = trainingObserver(quiet: quiet)
        let seconds = String(format: "%.2f", Double(dataset.clipLength) / Double(dataset.sampleRate))
        printError("run '\(runName)': \(cfg.method.rawValue) on \(dataset.source), scenes \(dataset.scenes.joined(separator: ", ")), "
            + "\(dataset.train.map(\.count).reduce(0, +)) training mixtures of \(seconds) s, \(dataset.test.map(\.count).reduce(0, +)) test pairs")
        let started = Date()
        let outcome = try SpeechRun(config: cfg, data: dataset, store: db, observer: observer).run(name: runName)
        try printTrainingOutcome(outcome, run: runName, db: db, seconds: Date().timeIntervalSince(started), metric: .siSNRi)
    }
}
