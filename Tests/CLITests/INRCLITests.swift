import Foundation
import RegionImages
import Testing

/// INR training and reporting through the command line, on generated PNGs.
@Suite struct INRCLITests {
    /// Writes NAME.png + NAME.regions.png: a gradient picture with `regions` vertical bands.
    static func writePair(_ dir: URL, _ name: String, width: Int = 8, height: Int = 6, regions: Int = 2, labelWidth: Int? = nil) throws {
        func raster(_ w: Int, _ pixel: (Int, Int) -> [UInt8]) -> RGBRaster {
            RGBRaster(width: w, height: height, bytes: (0..<height).flatMap { y in (0..<w).flatMap { x in pixel(x, y) } })
        }
        try raster(width) { x, y in [UInt8(x * 30), UInt8(y * 40), 128] }.writePNG(to: dir.appendingPathComponent("\(name).png").path)
        let lw = labelWidth ?? width
        try raster(lw) { x, _ in let v = UInt8(min(regions - 1, x * regions / lw)); return [v, v, v] }
            .writePNG(to: dir.appendingPathComponent("\(name).regions.png").path)
    }

    static func writeConfig(_ dir: URL, method: String, extra: String = "") throws {
        let json = """
            {"name": "\(method)-t", "method": "\(method)", "extraction_steps": 3, "retraining_steps": 3, "learning_rate": 0.01,
             "hidden": 8, "prune_fraction": 0.4, "target_sparsities": [0.4, 0.7], "seed": 1\(extra)}
            """
        try json.write(to: dir.appendingPathComponent("\(method).json"), atomically: true, encoding: .utf8)
    }

    @Test func trainsEveryImageInADirectoryAndReports() throws {
        let dir = scratchDirectory()
        let images = dir.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try Self.writePair(images, "one")
        try Self.writePair(images, "two", regions: 3)
        for m in ["inr-rtl", "inr-imp"] {
            try Self.writeConfig(dir, method: m)
            let r = try ticketscope(["train", "--config", "\(m).json", "--data", "images", "--quiet"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("run '\(m)-t/one' complete") && r.stdout.contains("run '\(m)-t/two' complete"))
            #expect(r.stdout.contains("PSNR 40%"))
        }
        let runs = try ticketscope(["runs"], in: dir)
        #expect(runs.stdout.contains("inr-rtl-t/two") && runs.stdout.contains("inr-imp-t/one"))
        let collapse = try ticketscope(["collapse", "--run", "inr-rtl-t/two", "--json"], in: dir)
        #expect(collapse.status == 0, "\(collapse.stderr)")
        #expect(try json(collapse)["metric"] as? String == "psnr")
        let report = try ticketscope(["report", "inr", "--rtl", "inr-rtl-t", "--imp", "inr-imp-t", "--out", "rep"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let md = try String(contentsOf: dir.appendingPathComponent("rep/README.md"), encoding: .utf8)
        #expect(md.contains("## Table 2: mean PSNR over images") && md.contains("| two | 3 |"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep/inr-reconstructions-70.png").path))
        let compare = try ticketscope(["compare", "inr-rtl-t/one", "inr-imp-t/one", "--out", "cmp"], in: dir)
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("cmp/README.md"), encoding: .utf8).contains("PSNR (dB) ↑"))
    }

    /// A run stored before two defaulted keys existed (its JSON lacks them, its config_hash is NULL)
    /// resumes with --resume and with the same config file; another value of a key is refused in one line.
    @Test func aRunStoredWithoutDefaultedKeysResumes() throws {
        let dir = scratchDirectory()
        let images = dir.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try Self.writePair(images, "one")
        try Self.writeConfig(dir, method: "inr-rtl")
        let first = try ticketscope(["train", "--config", "inr-rtl.json", "--data", "images", "--quiet"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let db = dir.appendingPathComponent("runs.sqlite")
        let steps = try sqlite(db, "SELECT count(*) FROM step")
        let last = try sqlite(db, "SELECT max(idx) FROM step")
        // Make it an older, unfinished run: no hash, no learning_rate_schedule / max_regions, last step gone.
        try sqlite(db, """
            UPDATE run SET config_hash = NULL, status = 'interrupted',
                config_json = json_remove(config_json, '$.learning_rate_schedule', '$.max_regions')
            """)
        #expect(try sqlite(db, "SELECT instr(config_json, 'max_regions') FROM run") == "0")
        #expect(try ticketscope(["delete", "--run", "inr-rtl-t/one", "--step", last], in: dir).status == 0)
        let resumed = try ticketscope(["train", "--config", "inr-rtl.json", "--data", "images", "--resume", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("run 'inr-rtl-t/one' complete"))
        #expect(try sqlite(db, "SELECT count(*) FROM step") == steps)
        #expect(try sqlite(db, "SELECT status FROM run") == "complete")
        // The same config file again (no --resume) is the same run: nothing to do.
        #expect(try ticketscope(["train", "--config", "inr-rtl.json", "--data", "images", "--quiet"], in: dir).status == 0)
        // Another value is another run.
        try Self.writeConfig(dir, method: "inr-rtl", extra: #", "max_regions": 8"#)
        expectCleanFailure(try ticketscope(["train", "--config", "inr-rtl.json", "--data", "images", "--quiet"], in: dir),
                           mentions: ["run 'inr-rtl-t/one' already exists with a different configuration (max_regions)"])
        #expect(try sqlite(db, "SELECT count(*) FROM step") == steps)
    }

    @Test func badImagesFailCleanlyAndWriteNothing() throws {
        let dir = scratchDirectory()
        try Self.writeConfig(dir, method: "inr-rtl")
        try Self.writePair(dir, "ok", regions: 3)
        try Self.writePair(dir, "mismatch", labelWidth: 5)
        func train(_ args: [String], config: String = "inr-rtl.json") throws -> CLIResult {
            try ticketscope(["train", "--config", config, "--db", "bad.sqlite", "--quiet"] + args, in: dir)
        }
        expectCleanFailure(try train(["--image", "mismatch.png", "--labels", "mismatch.regions.png"]), mentions: ["is 8×6 but its label map", "5×6"])
        try "not an image".write(to: dir.appendingPathComponent("fake.png"), atomically: true, encoding: .utf8)
        expectCleanFailure(try train(["--image", "fake.png", "--labels", "ok.regions.png"]), mentions: ["fake.png", "is not a PNG file"])
        try Self.writeConfig(dir, method: "inr-rtl", extra: ", \"max_regions\": 2")
        expectCleanFailure(try train(["--image", "ok.png", "--labels", "ok.regions.png"]), mentions: ["3 regions, more than the maximum of 2"])
        let gap = RGBRaster(width: 8, height: 6, bytes: (0..<48).flatMap { i -> [UInt8] in let v: UInt8 = i % 8 < 4 ? 0 : 2; return [v, v, v] })
        try gap.writePNG(to: dir.appendingPathComponent("gap.png").path)
        expectCleanFailure(try train(["--image", "ok.png", "--labels", "gap.png"]), mentions: ["region 1 has no pixels"])
        expectCleanFailure(try train(["--data", "nowhere"]), mentions: ["nowhere"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.sqlite").path))
    }
}
