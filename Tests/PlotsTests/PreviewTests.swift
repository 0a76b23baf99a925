import Foundation
import Plots
import Testing

@Suite("Previews for eyeballing")
struct PreviewTests {
    /// Writes every example as PNG, SVG and PDF into `$PLOTS_PREVIEW_DIR` when it is set; does nothing otherwise.
    @Test("write examples when PLOTS_PREVIEW_DIR is set")
    func writePreviews() throws {
        guard let directory = ProcessInfo.processInfo.environment["PLOTS_PREVIEW_DIR"] else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for example in ExampleFigure.all {
            for format in OutputFormat.allCases {
                try example.figure.render(to: "\(directory)/\(example.name).\(format.rawValue)", size: example.size)
            }
        }
    }
}
