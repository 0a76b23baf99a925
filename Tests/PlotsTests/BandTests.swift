import Foundation
import Plots
import Testing

@Suite("Bands shade the area between two edges")
struct BandTests {
    /// Pixels in the middle column of a 300×200 PNG of a red line at y = 0.5 over x = 0…4 whose band
    /// spans 0.3…0.7, tinted red but lighter than the line (the band), or missing at x = 2.
    func tintedPixels(bandMissingInMiddle: Bool) throws -> (band: Int, line: Int) {
        let lower: [Double?] = [0.3, 0.3, bandMissingInMiddle ? nil : 0.3, 0.3, 0.3]
        let chart = LineChart(
            x: Axis(range: 0...4), y: Axis(range: 0...1),
            series: [Series("red", x: [0, 1, 2, 3, 4], y: [0.5, 0.5, 0.5, 0.5, 0.5],
                            band: Band(lower: lower, upper: [0.7, 0.7, 0.7, 0.7, 0.7]), style: SeriesStyle(color: Color(hex: 0xFF0000)))])
        let directory = try RenderTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("band.png").path
        let size = Size(width: 300, height: 200, dpi: 72)
        try Figure([.lines(chart)], legend: .hidden).render(to: path, size: size)
        let column = size.pixelWidth / 2
        let band = try #require(ImageProbe.countPixels(path: path, column: column) { r, g, b in r > 240 && g > 180 && g < 230 && abs(g - b) < 8 })
        let line = try #require(ImageProbe.countPixels(path: path, column: column) { r, g, b in r > 200 && g < 60 && b < 60 })
        return (band, line)
    }

    @Test("the band covers about 40 % of the plot's height behind the line, and breaks at a missing edge")
    func shading() throws {
        let whole = try tintedPixels(bandMissingInMiddle: false)
        #expect(whole.line > 0)
        #expect(whole.band > 40 && whole.band < 100, "band pixels: \(whole.band)")
        let broken = try tintedPixels(bandMissingInMiddle: true)
        #expect(broken.line > 0)
        #expect(broken.band < 5, "band pixels at the gap (only the line's anti-aliased edge may match): \(broken.band)")
    }

    @Test("a band of the wrong length is an error naming the series")
    func lengthMismatch() throws {
        let chart = LineChart(series: [Series("s", x: [0, 1], y: [1, 2], band: Band(lower: [0], upper: [1, 2]))])
        #expect(throws: PlotError.lengthMismatch(chart: "chart 1", series: "s\" band", xCount: 2, yCount: 1)) {
            try Figure([.lines(chart)]).render(to: FileManager.default.temporaryDirectory.appendingPathComponent("x-\(UUID()).png").path)
        }
    }
}
