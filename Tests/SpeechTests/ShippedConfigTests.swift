import Audio
import Foundation
import INR
import Classification
import PruningCore
import RegionImages
import Speech
import Testing

/// The repository's configs directory and the shared data sets next to the repository (present on
/// the development machine, absent in a fresh clone: the tests then say so and pass).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedDatasets = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")

/// Every shipped config parses and builds its data set from the data it names, the way `train`
/// does before writing anything: CIFAR and generated images, INR image pairs, speech scenes (the
/// speech configs under six seeds, since their training crops are drawn at random).
@Suite struct ShippedConfigTests {
    static func configs() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: repositoryRoot.appendingPathComponent("configs"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    @Test func everyShippedConfigBuildsItsData() throws {
        var checked = 0, skipped: [String] = []
        var speechDataLoaded = Set<String>()
        for url in try Self.configs() {
            let text = try Data(contentsOf: url)
            let name = url.lastPathComponent
            let method = ConfigParsing.method(ofJSON: text) ?? ""
            if SpeechConfig.Method(rawValue: method) != nil {
                let dir = sharedDatasets.appendingPathComponent("speech-scenes")
                guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.json").path) else { skipped.append(name); continue }
                var config = try SpeechConfig(contentsOf: url.path)
                // Seeds decide where short training crops start; whole clips do not depend on them.
                for seed in config.clipSeconds == nil ? [config.seed] : Array(0..<6) {
                    config.seed = seed
                    let key = "\(config.sampleRate) \(String(describing: config.clipSeconds)) \(String(describing: config.mixturesPerScene)) \(String(describing: config.scenes)) \(String(describing: config.snrDB)) \(seed)"
                    guard speechDataLoaded.insert(key).inserted else { continue }   // same data as an earlier config
                    #expect(throws: Never.self, "\(name) seed \(seed)") { _ = try SpeechData.load(directory: dir.path, config: config, stft: try STFT()) }
                }
            } else if INRConfig.Method(rawValue: method) != nil {
                let config = try INRConfig(contentsOf: url.path)
                let dir = sharedDatasets.appendingPathComponent("inr-images")
                guard FileManager.default.fileExists(atPath: dir.path) else { skipped.append(name); continue }
                let names = try config.images ?? FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".regions.png") }
                    .map { String($0.dropLast(".regions.png".count)) }
                #expect(!names.isEmpty)
                for image in names {
                    #expect(throws: Never.self, "\(name) image \(image)") {
                        _ = try RegionImage.load(image: dir.appendingPathComponent(image + ".png").path, labels: dir.appendingPathComponent(image + ".regions.png").path,
                                                 encoding: config.labelEncoding, resize: config.resize, maxRegions: config.maxRegions)
                    }
                }
            } else {
                let config = try TrainConfig(contentsOf: url.path)
                let dir = sharedDatasets.appendingPathComponent("cifar10")
                if config.dataset != .synthetic && !FileManager.default.fileExists(atPath: dir.path) { skipped.append(name); continue }
                if config.dataset == .cifar100 { skipped.append(name); continue }
                #expect(throws: Never.self, "\(name)") { _ = try TrainingData.load(config, directory: config.dataset == .synthetic ? nil : dir.path) }
            }
            checked += 1
        }
        if !skipped.isEmpty { print("shipped configs without their data here (not checked): \(skipped.joined(separator: ", "))") }
        #expect(checked > 0)
    }
}
