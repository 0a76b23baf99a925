import Foundation
import GRDB
import MaskKit

extension RunStore {
    /// Reads and verifies one step's masks: every subnetwork × layer row present, each blob exactly
    /// its layer's words long, padding bits zero and `ones` equal to the popcount of the bits.
    /// Anything else throws ``StoreError/damagedStep(run:step:subnetwork:layer:reason:)``.
    static func verifiedMasks(_ db: Database, run: RunInfo, step: Int, layout: MaskLayout, subnetworks subs: [SubnetworkInfo]) throws -> [Mask] {
        var words = [[[UInt64]?]](repeating: Array(repeating: nil, count: layout.tensors.count), count: subs.count)
        var ones = [[Int]](repeating: Array(repeating: 0, count: layout.tensors.count), count: subs.count)
        let rows = try Row.fetchCursor(db, sql: "SELECT subnetwork_idx, layer_idx, bits, ones FROM mask WHERE run_id = ? AND step_idx = ?",
                                       arguments: [run.id, step])
        let at = "run '\(run.name)' step \(step)"
        func damaged(_ s: Int, _ l: Int, _ reason: String) -> StoreError {
            .damagedStep(run: run.name, step: step, subnetwork: subs[s].name, layer: layout.tensors[l].name, reason: reason)
        }
        while let row = try rows.next() {
            let s: Int = try row.field("subnetwork_idx", table: "mask", at: at), l: Int = try row.field("layer_idx", table: "mask", at: at)
            guard subs.indices.contains(s) else { throw StoreError.badValue(table: "mask", column: "subnetwork_idx", found: "\(s)", at: at) }
            guard layout.tensors.indices.contains(l) else { throw StoreError.badValue(table: "mask", column: "layer_idx", found: "\(l)", at: at) }
            let place = "\(at) subnetwork \(s) layer \(l)"
            let value: DatabaseValue = row["bits"]
            guard case .blob(let data) = value.storage else { throw StoreError.badValue(table: "mask", column: "bits", found: Row.describe(value), at: place) }
            ones[s][l] = try row.field("ones", table: "mask", at: place)
            let t = layout.tensors[l]
            guard data.count == t.wordCount * 8 else { throw damaged(s, l, "its blob has \(data.count) bytes, the layer needs \(t.wordCount * 8)") }
            words[s][l] = RunStore.words(data)
        }
        return try subs.indices.map { s in
            let perLayer = try layout.tensors.indices.map { l in
                guard let w = words[s][l] else { throw damaged(s, l, "its mask row is missing") }
                return w
            }
            let mask: Mask
            do { mask = try Mask(layout: layout, tensorWords: perLayer) } catch MaskError.paddingBitsSet(let name) {
                throw damaged(s, layout.tensors.firstIndex { $0.name == name } ?? 0, "bits beyond the layer's \(layout.tensors.first { $0.name == name }?.count ?? 0) elements are set")
            }
            for l in layout.tensors.indices where mask.popcount(tensor: l) != ones[s][l] {
                throw damaged(s, l, "ones = \(ones[s][l]) but the bits hold \(mask.popcount(tensor: l))")
            }
            return mask
        }
    }
}
