import Dispatch
import Foundation
import MaskKit
import TensorFiles

/// The tensors of one step's source, opened (headers checked, no data read) and split into subnetworks and
/// the layers the filter selects.
struct StepTensors {
    let source: StepSource
    let checkpoints: [TensorCheckpoint]
    /// Subnetworks in order of appearance (prefixed keys) or as given (`--subnetwork`).
    let subnetworks: [String]
    /// Selected layers in order of first appearance.
    let layers: [String]
    /// Where each subnetwork's layer is: `location[subnetwork][layer]`.
    private let location: [String: [String: (checkpoint: Int, tensor: Int)]]
    /// The metadata of the first checkpoint.
    var metadata: [String: String] { checkpoints[0].metadata }
    /// True when the tensor order is a safetensors header's (usually sorted by name, not network order).
    var headerOrdered: Bool { checkpoints[0].format == .safetensors }
    /// Every tensor name of the first subnetwork before filtering, for messages.
    let allLayerNames: [String]

    init(_ source: StepSource, filter: LayerFilter) throws {
        self.source = source
        var checkpoints: [TensorCheckpoint] = [], subs: [String] = [], layers: [String] = [], all: [String] = []
        var location: [String: [String: (checkpoint: Int, tensor: Int)]] = [:]
        func open(_ path: String) throws -> TensorCheckpoint {
            do { return try TensorCheckpoint.open(path: path) } catch let e as TensorFileError { throw ImportError(file: nil, e.description) }
        }
        switch source {
        case .prefixed(let path):
            let checkpoint = try open(path)
            checkpoints = [checkpoint]
            for (index, tensor) in checkpoint.tensors.enumerated() {
                guard let slash = tensor.name.firstIndex(of: "/") else {
                    throw ImportError(file: path, "tensor key '\(tensor.name)' has no '/': keys must be '<subnetwork>/<layer>' "
                        + "(for a checkpoint of one model per subnetwork, pass --subnetwork NAME=\(path))")
                }
                let sub = String(tensor.name[..<slash]), layer = String(tensor.name[tensor.name.index(after: slash)...])
                guard !sub.isEmpty, !layer.isEmpty else {
                    throw ImportError(file: path, "tensor key '\(tensor.name)' has an empty subnetwork or layer name")
                }
                if !subs.contains(sub) { subs.append(sub) }
                if sub == subs[0] { all.append(layer) }
                guard filter.selects(layer) else { continue }
                if !layers.contains(layer) { layers.append(layer) }
                location[sub, default: [:]][layer] = (0, index)
            }
        case .perSubnetwork(let list):
            var seen = Set<String>()
            for (c, item) in list.enumerated() {
                guard seen.insert(item.name).inserted else { throw ImportError(file: nil, "--subnetwork '\(item.name)' is given twice") }
                let checkpoint = try open(item.path)
                checkpoints.append(checkpoint)
                subs.append(item.name)
                for (index, tensor) in checkpoint.tensors.enumerated() {
                    if c == 0 { all.append(tensor.name) }
                    guard filter.selects(tensor.name) else { continue }
                    if !layers.contains(tensor.name) { layers.append(tensor.name) }
                    location[item.name, default: [:]][tensor.name] = (c, index)
                }
            }
        }
        guard !all.isEmpty else { throw ImportError(file: source.description, "holds no tensors") }
        if layers.isEmpty {
            let examples = all.prefix(3).joined(separator: ", ") + (all.count > 3 ? ", …" : "")
            throw ImportError(file: source.description, "\(filter.description) selects none of its \(all.count) tensors (\(examples))")
        }
        self.checkpoints = checkpoints; self.subnetworks = subs; self.layers = layers
        self.location = location; self.allLayerNames = all
    }

    /// The tensor bytes of the largest file among the step's checkpoints.
    var largestFileBytes: Int { checkpoints.map(\.largestFileTensorBytes).max() ?? 0 }

    /// The file to blame for subnetwork `sub` (its checkpoint) in messages.
    func file(of sub: String) -> String {
        if case .perSubnetwork(let list) = source, let item = list.first(where: { $0.name == sub }) { return item.path }
        return source.description
    }

    /// The tensor key of `layer` in subnetwork `sub`, as the user sees it.
    func key(_ sub: String, _ layer: String) -> String {
        if case .prefixed = source { return "\(sub)/\(layer)" }
        return layer
    }

    private func info(_ sub: String, _ layer: String) -> TensorInfo? {
        location[sub]?[layer].map { checkpoints[$0.checkpoint].tensors[$0.tensor] }
    }

    /// The shape of every selected layer, checked equal across subnetworks (a new run's layout comes from them).
    func layerShapes() throws -> [String: [Int]] {
        var shapes: [String: (shape: [Int], sub: String)] = [:]
        for sub in subnetworks {
            for layer in layers {
                guard let t = info(sub, layer) else { continue }
                if let first = shapes[layer] {
                    guard first.shape == t.shape else {
                        throw ImportError(file: file(of: sub), "layer '\(layer)' has shape \(t.shape) in subnetwork '\(sub)' (tensor '\(key(sub, layer))') "
                            + "but \(first.shape) in subnetwork '\(first.sub)'")
                    }
                } else {
                    shapes[layer] = (t.shape, sub)
                }
            }
        }
        return shapes.mapValues(\.shape)
    }

    /// Checks names and shapes against a layout and subnetwork list, without reading data.
    func check(layout: MaskLayout, subnetworks expected: [String]) throws {
        if Set(subnetworks) != Set(expected) {
            let missing = expected.filter { !subnetworks.contains($0) }, extra = subnetworks.filter { !expected.contains($0) }
            throw ImportError(file: source.description, "subnetworks differ from the run's" +
                (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))") +
                (extra.isEmpty ? "" : "; unknown: \(extra.joined(separator: ", "))"))
        }
        let known = Set(layout.tensors.map(\.name))
        for sub in expected {
            if let extra = layers.first(where: { !known.contains($0) && info(sub, $0) != nil }) {
                throw ImportError(file: file(of: sub), "layer '\(extra)' (tensor '\(key(sub, extra))') is not a layer of the run")
            }
            for t in layout.tensors {
                guard let tensor = info(sub, t.name) else {
                    throw ImportError(file: file(of: sub), "tensor '\(key(sub, t.name))' is missing")
                }
                guard tensor.shape == t.shape else {
                    throw ImportError(file: file(of: sub), "tensor '\(key(sub, t.name))' of subnetwork '\(sub)' has shape \(tensor.shape), "
                        + "the run's layer '\(t.name)' has \(t.shape)")
                }
            }
        }
    }

    /// Reads every subnetwork's mask over `layout`, tensors packed in parallel on all cores.
    /// - Parameter rule: `.binary` for masks, `.nonzero` for weights (`--from-weights`).
    func masks(layout: MaskLayout, subnetworks order: [String], rule: KeptRule) throws -> [Mask] {
        let jobs = order.indices.flatMap { s in layout.tensors.indices.map { (s, $0) } }
            .sorted { layout.tensors[$0.1].count > layout.tensors[$1.1].count } // largest first balances the cores
        var failures = [(job: Int, error: Error)]() // job: s * tensor count + t, the order errors are reported in
        let lock = NSLock()
        func pack(_ bases: [UnsafeMutablePointer<UInt64>]) {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
                let (s, t) = jobs[j]
                let tensor = layout.tensors[t]
                do {
                    guard let place = location[order[s]]?[tensor.name] else {
                        throw ImportError(file: file(of: order[s]), "tensor '\(key(order[s], tensor.name))' is missing")
                    }
                    try checkpoints[place.checkpoint].packKeptBits(
                        of: place.tensor, rule: rule, into: UnsafeMutableBufferPointer(start: bases[s] + tensor.wordOffset, count: tensor.wordCount))
                } catch {
                    lock.lock(); failures.append((s * layout.tensors.count + t, error)); lock.unlock()
                }
            }
        }
        // Every subnetwork's words are written in place, in parallel: each array is built uninitialised around
        // the next (every word is then written by the packing), so nothing is zero-filled or copied.
        var words: [[UInt64]] = []
        var bases: [UnsafeMutablePointer<UInt64>] = []
        func build(_ s: Int) {
            guard s < order.count else { return pack(bases) }
            let array = [UInt64](unsafeUninitializedCapacity: max(layout.wordCount, 1)) { buffer, initialized in
                bases.append(buffer.baseAddress!)
                build(s + 1)
                initialized = layout.wordCount
            }
            words.insert(array, at: 0)
        }
        build(0)
        if let first = failures.min(by: { $0.job < $1.job }) {
            if let e = first.error as? ImportError { throw e }
            let sub = order[first.job / layout.tensors.count]
            var reason = (first.error as? TensorFileError)?.description ?? "\(first.error)"
            if rule == .binary, !reason.contains("NaN"), !reason.contains("bool element") {
                reason += " (a mask holds 0 and 1 only; for weights of a pruned model pass --from-weights: kept = nonzero)"
            }
            throw ImportError(file: nil, "subnetwork '\(sub)': \(reason)")
        }
        return try words.map { w in
            do { return try Mask(layout: layout, words: w) } catch { throw ImportError(file: source.description, "\(error)") }
        }
    }
}
