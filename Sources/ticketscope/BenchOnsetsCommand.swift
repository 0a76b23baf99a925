import ArgumentParser
import Diagnostics
import Foundation
import StoreJSON

struct OnsetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onsets",
        abstract: "Run the onset detector on a labelled corpus of curves, offline and online.",
        discussion: """
            Reads a corpus (JSON {"curves": [{"id", "x", "y", "baseline"?, "onset"?, "direction"?}]}, e.g. \
            Tests/DiagnosticsTests/Fixtures/onset-corpus.json) and prints, per curve, the onset found on the whole \
            curve and the first prefix on which one is found (what `check` would say step by step). Rates and the \
            comparison with ruptures and kneed: scripts/bench_onsets.py, docs/collapse.md.

            Example:
              ticketscope bench onsets --corpus Tests/DiagnosticsTests/Fixtures/onset-corpus.json > ours.json
            """
    )

    @Option(help: ArgumentHelp("The corpus file.", valueName: "path")) var corpus: String
    @OptionGroup var detectorOptions: DetectorOptions

    struct Curve: Decodable {
        let id: String, x: [Double], y: [Double]
        let baseline: [Double]?
    }
    struct Corpus: Decodable { let curves: [Curve] }
    struct Result: Encodable {
        let id: String
        @Null var index: Int?
        @Null var direction: String?
        @Null var confirmed: Bool?
        /// Index of the last point of the first prefix with an onset.
        @Null var online_fired_at: Int?
    }

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: corpus)) } catch {
            throw UsageError("cannot read corpus '\(corpus)': \(error.localizedDescription)")
        }
        let curves: [Curve]
        do { curves = try JSONDecoder().decode(Corpus.self, from: data).curves } catch {
            throw UsageError("'\(corpus)' is not an onset corpus (JSON with curves[].id/x/y): \(error.localizedDescription)")
        }
        let d = detectorOptions.detector
        let results = curves.map { c -> Result in
            guard c.x.count == c.y.count, c.baseline.map({ $0.count == c.x.count }) ?? true else {
                return Result(id: c.id, index: nil, direction: nil, confirmed: nil, online_fired_at: nil)
            }
            let o = d.detect(x: c.x, y: c.y, baseline: c.baseline)
            let fired = (OnsetDetector.minimumPoints...max(OnsetDetector.minimumPoints, c.x.count)).first { t in
                t <= c.x.count && d.detect(x: Array(c.x[0..<t]), y: Array(c.y[0..<t]), baseline: c.baseline.map { Array($0[0..<t]) }) != nil
            }
            return Result(id: c.id, index: o?.index, direction: o?.direction.rawValue, confirmed: o?.confirmed, online_fired_at: fired.map { $0 - 1 })
        }
        try printJSON(results)
    }
}
