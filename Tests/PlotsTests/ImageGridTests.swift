import CCairo
import Foundation
import Plots
import Testing

@Suite("Image grids")
struct ImageGridTests {
    static func checker(_ n: Int, _ a: UInt8, _ b: UInt8) -> GridImage {
        GridImage(width: n, height: n, rgb: (0..<(n * n)).flatMap { i -> [UInt8] in (i / n + i % n) % 2 == 0 ? [a, 0, 0] : [0, 0, b] })
    }

    @Test("pictures land unsmoothed in their cells")
    func renders() throws {
        let path = NSTemporaryDirectory() + "grid-\(UUID().uuidString).png"
        let grid = ImageGrid(cells: [[Self.checker(4, 255, 255), nil]], columnTitles: ["Target", "RTL"], rowLabels: ["img"],
                             captions: [["", "20.00 dB"]], title: "Reconstructions")
        try grid.render(to: path, cellPoints: 72, dpi: 72)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let size = try #require(ImageProbe.pngSize(data))
        #expect(size.width == 78 + 2 * 78 + 6 && size.height > 72)
        // The first cell's top-left 18×18 block is one pure red picture pixel (nearest-neighbour scaling).
        let surface = cairo_image_surface_create_from_png(path)!
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface)), base = cairo_image_surface_get_data(surface)!
        func pixel(_ x: Int, _ y: Int) -> UInt32 { base.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee } & 0xFFFFFF }
        let top = 16 + 18
        #expect(pixel(84 + 2, top + 2) == 0xFF0000 && pixel(84 + 16, top + 16) == 0xFF0000)
        #expect(pixel(84 + 20, top + 2) == 0x0000FF)
    }

    @Test("ragged grids and wrong byte counts are refused")
    func badInput() {
        let path = NSTemporaryDirectory() + "grid-bad.png"
        #expect(throws: PlotError.self) { try ImageGrid(cells: [[nil], [nil, nil]], columnTitles: ["a"], rowLabels: ["1", "2"]).render(to: path) }
        #expect(throws: PlotError.pictureSize(width: 2, height: 2, bytes: 3)) {
            try ImageGrid(cells: [[GridImage(width: 2, height: 2, rgb: [1, 2, 3])]], columnTitles: ["a"], rowLabels: ["1"]).render(to: path)
        }
        #expect(throws: PlotError.self) { try ImageGrid(cells: [[nil]], columnTitles: ["a"], rowLabels: []).render(to: path) }
    }
}
