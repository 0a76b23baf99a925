import Foundation
import Plots
import Testing

@Suite("Bad input throws a typed error")
struct ErrorTests {
    /// A small valid line chart.
    static let line = LineChart(series: [Series("a", x: [0, 1, 2], y: [0.1, 0.5, 0.3])])

    /// The error that rendering `figure` to PNG throws.
    func error(_ figure: Figure, size: Size = .report) -> PlotError? {
        do {
            _ = try figure.rendered(as: .png, size: size)
            return nil
        } catch {
            return error as? PlotError
        }
    }

    @Test("empty figures and charts without data")
    func emptyData() {
        #expect(error(Figure([])) == .noCharts)
        #expect(error(Figure([.lines(LineChart(series: []))])) == .noData(chart: "chart 1"))
        let missing = LineChart(title: "empty", series: [Series("a", x: [0, 1], y: [nil, .nan])])
        #expect(error(Figure([.lines(Self.line), .lines(missing)])) == .noData(chart: "chart \"empty\""))
        let oneSided = TwinAxisChart(leftSeries: Self.line.series, rightSeries: [])
        #expect(error(Figure([.twinAxis(oneSided)])) == .noData(chart: "chart 1"))
        #expect(error(Figure([.heatmap(Heatmap(values: [[Double]](), rowLabels: [], columnLabels: []))]))
            == .noData(chart: "chart 1"))
    }

    @Test("a fixed range stands in for missing data")
    func fixedRangeInsteadOfData() throws {
        let oneSided = TwinAxisChart(right: Axis(range: 0...1), leftSeries: Self.line.series, rightSeries: [])
        _ = try Figure([.twinAxis(oneSided)]).rendered(as: .png, size: .report)
    }

    @Test("mismatched and non-finite series")
    func badSeries() {
        let short = LineChart(series: [Series("acc", x: [0, 1, 2], y: [0.5, 0.6])])
        #expect(error(Figure([.lines(short)])) == .lengthMismatch(chart: "chart 1", series: "acc", xCount: 3, yCount: 2))
        let nanX = LineChart(series: [Series("acc", x: [0, .nan], y: [0.5, 0.6])])
        #expect(error(Figure([.lines(nanX)])) == .nonFiniteX(chart: "chart 1", series: "series \"acc\"", index: 1))
        var marker = Self.line
        marker.markers = [VerticalMarker(x: .infinity)]
        #expect(error(Figure([.lines(marker)])) == .nonFiniteX(chart: "chart 1", series: "vertical markers", index: 0))
    }

    @Test("bad matrices and labels")
    func badMatrices() {
        let ragged = Heatmap(values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["a", "b"])
        #expect(error(Figure([.heatmap(ragged)])) == .raggedMatrix(chart: "chart 1", row: 1, count: 1, expected: 2))
        let rows = Heatmap(values: [[1, 2], [3, 4]], rowLabels: ["a"], columnLabels: ["a", "b"])
        #expect(error(Figure([.heatmap(rows)]))
            == .labelCountMismatch(chart: "chart 1", axis: "row", labels: 1, expected: 2))
        let columns = Heatmap(values: [[1, 2], [3, 4]], rowLabels: ["a", "b"], columnLabels: ["a", "b", "c"])
        #expect(error(Figure([.heatmap(columns)]))
            == .labelCountMismatch(chart: "chart 1", axis: "column", labels: 3, expected: 2))
    }

    @Test("empty fixed ranges")
    func badRanges() {
        var chart = Self.line
        chart.y = Axis(range: 1...1)
        #expect(error(Figure([.lines(chart)])) == .invalidRange(chart: "chart 1", lower: 1, upper: 1))
        let heatmap = Heatmap(values: [[1]], rowLabels: ["a"], columnLabels: ["a"], range: 2...2)
        #expect(error(Figure([.heatmap(heatmap)])) == .invalidRange(chart: "chart 1", lower: 2, upper: 2))
    }

    @Test("flat and extreme data are drawn rather than rejected or crashing")
    func flatData() throws {
        let extreme = LineChart(series: [Series("a", x: [-1e308, 1e308], y: [-1e308, 1e308])])
        _ = error(Figure([.lines(extreme)]))
        let flat = LineChart(series: [Series("a", x: [1, 1], y: [0.5, 0.5])])
        _ = try Figure([.lines(flat)]).rendered(as: .png, size: .report)
        let heatmap = Heatmap(values: [[0, 0], [0, 0]], rowLabels: ["a", "b"], columnLabels: ["a", "b"])
        _ = try Figure([.heatmap(heatmap)]).rendered(as: .png, size: .report)
    }

    @Test("bad sizes, columns and font sizes")
    func badFigure() {
        let figure = Figure([.lines(Self.line)])
        #expect(error(figure, size: Size(width: 0, height: 100)) == .invalidSize(width: 0, height: 100, dpi: 150))
        #expect(error(figure, size: Size(width: 100, height: 100, dpi: .infinity))
            == .invalidSize(width: 100, height: 100, dpi: .infinity))
        #expect(error(figure, size: Size(width: 20_000, height: 100, dpi: 300))
            == .invalidSize(width: 20_000, height: 100, dpi: 300))
        #expect(error(figure, size: Size(width: 1e300, height: 1e300, dpi: 1e300))
            == .invalidSize(width: 1e300, height: 1e300, dpi: 1e300))
        #expect(Size(width: .nan, height: 1).pixelWidth == 0)
        #expect(error(Figure([.lines(Self.line)], columns: 0)) == .invalidColumns(0))
        #expect(error(Figure([.lines(Self.line)], fontSize: -1)) == .invalidFontSize(-1))
        let crowded = Figure(Array(repeating: .lines(Self.line), count: 10))
        #expect(error(crowded, size: Size(width: 60, height: 40)) == .figureTooSmall(width: 60, height: 40))
    }

    @Test("unwritable paths name the reason")
    func unwritable() throws {
        let figure = Figure([.lines(Self.line)])
        let path = "/nonexistent-\(UUID().uuidString)/figure.png"
        #expect(throws: PlotError.cannotWrite(path: path, reason: "No such file or directory")) {
            try figure.render(to: path)
        }
        #expect(throws: PlotError.unknownFormat("gif")) { try figure.render(to: "/tmp/figure.gif") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/figure.gif"))
    }

    @Test("every description is one line")
    func oneLine() {
        let errors: [PlotError] = [
            .noCharts, .noData(chart: "chart 1"), .lengthMismatch(chart: "c", series: "s", xCount: 1, yCount: 2),
            .nonFiniteX(chart: "c", series: "s", index: 0), .raggedMatrix(chart: "c", row: 1, count: 1, expected: 2),
            .labelCountMismatch(chart: "c", axis: "row", labels: 1, expected: 2),
            .invalidRange(chart: "c", lower: 1, upper: 1), .invalidSize(width: 0, height: 0, dpi: 0),
            .invalidColumns(0), .invalidFontSize(0), .figureTooSmall(width: 1, height: 1), .unknownFormat("x"),
            .cannotWrite(path: "p", reason: "r"), .cairo("m"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
            #expect(error.localizedDescription == error.description)
        }
    }
}
