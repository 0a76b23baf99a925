import Foundation
import INR
import Models
import PruningCore
import MaskKit
import RegionImages
import RunStore
import Testing

@Suite struct INRRunTests {
    static func config(_ method: String, extra: String = "") throws -> INRConfig {
        let json = """
            {"method": "\(method)", "extraction_steps": 4, "retraining_steps": 6, "learning_rate": 0.01, "hidden": 16,
             "prune_fraction": 0.3, "target_sparsities": [0.3, 0.6], "seed": 5\(extra)}
            """
        return try INRConfig(json: Data(json.utf8), source: "test")
    }

    static func image() throws -> RegionImage {
        let (image, labels) = try writeBandedImage(in: temporaryDirectory(), name: "tiny", width: 10, height: 6, regions: 3)
        return try RegionImage.load(image: image, labels: labels)
    }

    @Test func rtlStoresEveryStepMetricsAndPictures() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let run = try INRRun(config: try Self.config("inr-rtl"), image: try Self.image(), store: store)
        #expect(run.subnetworkNames == ["region 0", "region 1", "region 2"])
        #expect(try run.run(name: "t/tiny") == .complete)
        let info = try store.run(named: "t/tiny")
        let steps = try store.steps(of: info)
        let retrain = steps.filter { $0.phase == "retrain" }
        #expect(retrain.map(\.targetSparsity) == [0.3, 0.6])
        for s in steps { #expect(try store.masks(of: info, step: s.index).count == 3) }
        // Validation PSNR (networks trained under a step's masks) reaches every extraction step but the
        // last, whose masks Alg. 1 never trains; test PSNR every retraining step.
        let psnr = try store.metrics(of: info, name: "psnr")
        let extracted = steps.filter { $0.phase == "extract" }
        for s in extracted.dropLast() + retrain {
            let split = s.phase == "extract" ? "validation" : "test"
            #expect(psnr.contains { $0.step == s.index && $0.split == split && $0.subnetwork == nil && $0.value.isFinite })
            #expect(psnr.filter { $0.step == s.index && $0.split == split && $0.subnetwork != nil }.count == 3)
        }
        #expect(!psnr.contains { $0.step == extracted.last!.index })
        #expect(try store.checkpoint(.target, run: info).flatMap { RGBRaster(encoded: $0) }?.width == 10)
        #expect(try store.checkpoint(.reconstruction(sparsity: 0.6), run: info).flatMap { RGBRaster(encoded: $0) } != nil)
        // Weights pruned in every region's mask were never updated in joint retraining: still θ0.
        let masks = try store.masks(of: info, step: retrain.last!.index)
        let weights = try ModelCheckpoint.decode(try store.checkpoint(.weights(sparsity: 0.6, part: .shared), run: info)!, what: "weights")
        let fresh = CoordinateMLP(features: 34, hidden: 16, embeddingDimension: 16, regions: nil, seed: 5)
        let layout = masks[0].layout
        var checked = 0
        for (t, tensor) in layout.tensors.enumerated() {
            let theta0 = fresh.registry[tensor.name]!.value.values
            for e in 0..<tensor.count where !masks.contains(where: { $0.isKept(tensor: t, element: e) }) {
                #expect(weights[tensor.name]![e] == theta0[e]); checked += 1
            }
        }
        #expect(checked > 0)
        // Resuming a finished run changes nothing.
        #expect(try INRRun(config: try Self.config("inr-rtl"), image: try Self.image(), store: store).run(name: "t/tiny") == .complete)
        #expect(try store.steps(of: info).count == steps.count)
    }

    @Test func impUsesOneMaskAndTheEmbedding() throws {
        let store = try RunStore(path: temporaryDirectory() + "/runs.sqlite", mode: .write)
        let run = try INRRun(config: try Self.config("inr-imp"), image: try Self.image(), store: store)
        #expect(run.subnetworkNames == ["all"])
        #expect(try run.run(name: "i/tiny") == .complete)
        let info = try store.run(named: "i/tiny")
        let params = try store.metrics(of: info, name: "params")
        let total = 50 * 16 + 3 * 16 * 16 + 16 * 3
        #expect(params.map(\.value) == [Double(total - Int((0.3 * Double(total)).rounded())), Double(total - Int((0.6 * Double(total)).rounded()))])
        #expect(try store.steps(of: info).allSatisfy { try store.masks(of: info, step: $0.index).count == 1 })
    }

    @Test func configErrorsAreOneLine() {
        func message(_ extra: String, method: String = "inr-rtl") -> String {
            do { _ = try Self.config(method, extra: extra); return "no error" } catch { return "\(error)" }
        }
        #expect(message(", \"epochs\": 3").contains("unknown key 'epochs'"))
        #expect(message(", \"prune_weights\": 10").contains("exactly one of prune_weights and prune_fraction"))
        #expect(message(", \"stop_rule\": \"onset\"", method: "inr-imp").contains("inr-imp has one mask"))
        #expect(message(", \"label_encoding\": \"rainbow\"").contains("label_encoding"))
    }
}
