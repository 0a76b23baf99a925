import Foundation
import Plots
import Testing

@Suite("Missing values break lines")
struct MissingValueTests {
    /// The number of pure-red pixels in the middle column of a PNG of a red line at y = 0.5 over x = 0…4,
    /// with y missing at x = 2 or not.
    func redPixelsInMiddle(missing: Bool) throws -> Int {
        let y: [Double?] = [0.5, 0.5, missing ? nil : 0.5, 0.5, 0.5]
        let chart = LineChart(
            x: Axis(range: 0...4), y: Axis(range: 0...1),
            series: [Series("red", x: [0, 1, 2, 3, 4], y: y, style: SeriesStyle(color: Color(hex: 0xFF0000)))])
        let directory = try RenderTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gap.png").path
        let size = Size(width: 300, height: 200, dpi: 72)
        try Figure([.lines(chart)], legend: .hidden).render(to: path, size: size)
        return try #require(ImageProbe.countPixels(path: path, column: size.pixelWidth / 2) { r, g, b in
            r > 200 && g < 60 && b < 60
        })
    }

    @Test("a nil y leaves a gap instead of a line or a drop to zero")
    func gap() throws {
        #expect(try redPixelsInMiddle(missing: false) > 0)
        #expect(try redPixelsInMiddle(missing: true) == 0)
    }
}
