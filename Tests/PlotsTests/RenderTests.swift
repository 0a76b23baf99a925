import Foundation
import Plots
import Testing

@Suite("Every chart kind renders to PNG, SVG and PDF")
struct RenderTests {
    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plots-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("PNG has the requested pixel size and is not blank", arguments: ExampleFigure.all)
    func png(example: ExampleFigure) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\(example.name).png").path
        try example.figure.render(to: path, size: example.size)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let size = try #require(ImageProbe.pngSize(data))
        #expect(size.width == example.size.pixelWidth)
        #expect(size.height == example.size.pixelHeight)
        let statistics = try #require(ImageProbe.pixelStatistics(path: path))
        #expect(statistics.inkShare > 0.02)
        #expect(statistics.inkShare < 0.9)
        #expect(statistics.variance > 0.005)
    }

    @Test("SVG is well-formed XML", arguments: ExampleFigure.all)
    func svg(example: ExampleFigure) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\(example.name).svg").path
        try example.figure.render(to: path, size: example.size)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(ImageProbe.isWellFormedXML(data))
        #expect(String(decoding: data, as: UTF8.self).contains("<svg"))
    }

    @Test("PDF is framed by %PDF- and %%EOF", arguments: ExampleFigure.all)
    func pdf(example: ExampleFigure) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\(example.name).pdf").path
        try example.figure.render(to: path, size: example.size)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(ImageProbe.isFramedPDF(data))
    }

    @Test("the same figure gives the same bytes", arguments: OutputFormat.allCases)
    func deterministic(format: OutputFormat) throws {
        let example = ExampleFigure.all[1]
        let first = try example.figure.rendered(as: format, size: example.size)
        let second = try example.figure.rendered(as: format, size: example.size)
        #expect(first == second)
    }

    @Test("PDF carries the fixed creation date, not today's")
    func pdfDate() throws {
        let data = try ExampleFigure.all[0].figure.rendered(as: .pdf, size: .report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("/CreationDate (20000101000000Z)") || text.contains("/CreationDate (D:20000101000000Z)"))
    }

    @Test("the format follows an explicit argument over the extension")
    func explicitFormat() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("figure.out").path
        try ExampleFigure.all[0].figure.render(to: path, format: .svg, size: .report)
        #expect(ImageProbe.isWellFormedXML(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a size in inches at a dpi gives that many pixels")
    func pixelSize() {
        let size = Size.inches(width: 6.5, height: 4, dpi: 200)
        #expect(size.width == 468)
        #expect(size.pixelWidth == 1300)
        #expect(size.pixelHeight == 800)
    }
}
