import ArgumentParser
import Foundation
import INR
import PruningCore
import RegionImages
import RunStore

extension TrainCommand {
    /// Environment variable naming the default INR image directory.
    static let inrDataVariable = "TICKETSCOPE_INR_DATA"

    /// Trains an INR config: one run per image, all images loaded and checked first.
    func runINR() throws {
        var (cfg, baseName) = try configured(INRConfig.self)
        let pairs = try imagePairs(cfg)
        if resume, let first = pairs.first {
            cfg = try stored(INRConfig.self, run: "\(baseName)/\(first.name)", extending: pairs.map { "\(baseName)/\($0.name)" })
        }
        let images = try pairs.map { try RegionImage.load(image: $0.image, labels: $0.labels, encoding: cfg.labelEncoding, resize: cfg.resize, maxRegions: cfg.maxRegions) }
        let db = try store.open(.write)
        for image in images { try PruningDriver.checkCompatible(store: db, name: "\(baseName)/\(image.name)", identity: RunIdentity(cfg)) }
        let observer = trainingObserver(quiet: quiet)
        for (n, image) in images.enumerated() {
            let runName = "\(baseName)/\(image.name)"
            printError("run '\(runName)' (\(n + 1)/\(images.count)): \(cfg.method.rawValue), \(image.width)×\(image.height) pixels, \(image.regionCount) regions")
            let started = Date()
            let outcome = try INRRun(config: cfg, image: image, store: db, observer: observer).run(name: runName)
            try printTrainingOutcome(outcome, run: runName, db: db, seconds: Date().timeIntervalSince(started), metric: .psnr)
        }
    }

    /// The (name, image, labels) files to train, from --image/--labels or the data directory.
    func imagePairs(_ cfg: INRConfig) throws -> [(name: String, image: String, labels: String)] {
        if image != nil || labels != nil {
            guard let image, let labels else { throw UsageError("give both --image and --labels") }
            guard data == nil else { throw UsageError("give either --data or --image/--labels, not both") }
            return [(((image as NSString).lastPathComponent as NSString).deletingPathExtension, image, labels)]
        }
        guard let dir = data ?? ProcessInfo.processInfo.environment[Self.inrDataVariable] else {
            throw UsageError("INR training needs images: --data DIR (NAME.png + NAME.regions.png), $\(Self.inrDataVariable), or --image and --labels")
        }
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw LotteryError.config("cannot read the image directory '\(dir)'")
        }
        let found = files.filter { $0.hasSuffix(".regions.png") }.map { String($0.dropLast(".regions.png".count)) }.sorted()
        let names = cfg.images ?? found
        guard !names.isEmpty else { throw LotteryError.config("'\(dir)' has no NAME.png + NAME.regions.png pairs") }
        return try names.map { name in
            guard found.contains(name) else {
                throw LotteryError.config("image '\(name)' not found in '\(dir)' (need \(name).png and \(name).regions.png; found: \(found.joined(separator: ", ")))")
            }
            return (name, (dir as NSString).appendingPathComponent(name + ".png"), (dir as NSString).appendingPathComponent(name + ".regions.png"))
        }
    }
}
