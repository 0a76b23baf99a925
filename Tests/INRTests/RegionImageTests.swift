import Foundation
import RegionImages
import Testing

@Suite struct RegionImageTests {
    @Test func readsImageAndRegionsThroughCairo() throws {
        let dir = temporaryDirectory()
        let (image, labels) = try writeBandedImage(in: dir, name: "bands", width: 12, height: 8, regions: 3)
        let loaded = try RegionImage.load(image: image, labels: labels)
        #expect(loaded.name == "bands")
        #expect(loaded.width == 12 && loaded.height == 8 && loaded.regionCount == 3)
        #expect(loaded.pixelsOfRegion.map(\.count) == [32, 32, 32])
        // Pixel (11, 7): x gradient 255, y gradient 255, checkerboard 200.
        let last = loaded.raster.bytes.suffix(3)
        #expect(Array(last) == [255, 255, 200])
        #expect(loaded.regions[11] == 2 && loaded.regions[0] == 0)
    }

    @Test func rasterRoundTripsThroughPNGAndStoreEncoding() throws {
        let dir = temporaryDirectory()
        let raster = RGBRaster(width: 3, height: 2, bytes: (0..<18).map { UInt8($0 * 14) })
        try raster.writePNG(to: dir + "/r.png")
        #expect(try PNGFile.readRGB(dir + "/r.png") == raster)
        #expect(RGBRaster(encoded: raster.encoded) == raster)
        #expect(RGBRaster(encoded: Data("RGB8short".utf8)) == nil)
    }

    @Test func valuesEncodingRenumbersAndColorsEncodingOrdersBySize() throws {
        let dir = temporaryDirectory()
        let (image, labels) = try writeBandedImage(in: dir, name: "ids", width: 10, height: 4, regions: 2, labelValues: [7, 40])
        #expect(throws: RegionImageError.self) { try RegionImage.load(image: image, labels: labels, encoding: .index) }
        let loaded = try RegionImage.load(image: image, labels: labels, encoding: .values)
        #expect(loaded.regionCount == 2 && loaded.regions[0] == 0 && loaded.regions[9] == 1)
        let colored = try RegionImage.load(image: image, labels: image, encoding: .colors, maxRegions: 100)
        #expect(colored.regionCount > 2)
    }

    @Test func resizeKeepsAspectAndLabelValues() throws {
        let dir = temporaryDirectory()
        let (image, labels) = try writeBandedImage(in: dir, name: "wide", width: 40, height: 20, regions: 4)
        let loaded = try RegionImage.load(image: image, labels: labels, resize: 10)
        #expect(loaded.width == 10 && loaded.height == 5 && loaded.regionCount == 4)
        #expect(loaded.pixelsOfRegion.allSatisfy { !$0.isEmpty })
        let flat = RGBRaster(width: 9, height: 9, bytes: [UInt8](repeating: 77, count: 243)).smoothlyResized(width: 4, height: 4)
        #expect(flat.bytes.allSatisfy { $0 == 77 })
    }

    @Test func badInputsGetOneClearError() throws {
        let dir = temporaryDirectory()
        let (image, labels) = try writeBandedImage(in: dir, name: "a", width: 8, height: 8, regions: 2)
        let (_, smallLabels) = try writeBandedImage(in: dir, name: "b", width: 6, height: 8, regions: 2)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try RegionImage.load(image: image, labels: smallLabels) }.contains("is 8×8 but its label map"))
        #expect(message { _ = try RegionImage.load(image: image, labels: labels, maxRegions: 1) }.contains("more than the maximum of 1"))
        let gap = try writeBandedImage(in: dir, name: "gap", width: 9, height: 3, regions: 3, labelValues: [0, 1, 3])
        #expect(message { _ = try RegionImage.load(image: gap.image, labels: gap.labels) }.contains("region 2 has no pixels"))
        try Data("not a png at all".utf8).write(to: URL(fileURLWithPath: dir + "/fake.png"))
        #expect(message { _ = try RegionImage.load(image: dir + "/fake.png", labels: labels) }.contains("is not a PNG file"))
        #expect(message { _ = try RegionImage.load(image: dir + "/missing.png", labels: labels) }.contains("no such file"))
        // A 16-bit label map is refused from its header (signature + IHDR with bit depth 16).
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        header += [0, 0, 0, 8, 0, 0, 0, 8, 16, 0, 0, 0, 0, 0, 0, 0, 0]
        try Data(header).write(to: URL(fileURLWithPath: dir + "/deep.png"))
        #expect(message { _ = try RegionImage.load(image: image, labels: dir + "/deep.png") }.contains("16-bit label maps"))
        #expect(message { _ = try RegionImage.load(image: image, labels: labels, resize: 1) }.contains("resize"))
    }
}
