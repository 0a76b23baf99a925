import Foundation
import MaskKit
import RunStore
import TensorFiles

/// One file's masks, checked against the run's layout and ready to store as a step.
public struct ImportedStep: Sendable {
    public let file: String
    public let targetSparsity: Double?
    /// One mask per subnetwork, in subnetwork order.
    public let masks: [Mask]
}

/// Everything an import will write, fully validated before anything is stored.
public struct ImportPlan: Sendable {
    public let layout: MaskLayout
    public let subnetworks: [String]
    public let steps: [ImportedStep]
    /// True when the run does not exist yet and will be created.
    public let createsRun: Bool
    /// Non-fatal notes for the user (e.g. layer order taken from a sorted safetensors header).
    public let warnings: [String]
}

/// Imports masks trained elsewhere (NumPy `.npz`, safetensors) as sparsity steps of a run.
///
/// Tensor keys are `<subnetwork>/<layer>`; each file is one step, in the order given; any dtype
/// TensorFiles reads counts nonzero as kept. The first import defines the run's layers and
/// subnetworks; later imports must have the same names and shapes.
public enum MaskImporter {
    /// Reads and validates all files against the run (if it exists) without writing anything.
    public static func plan(store: RunStore, run name: String, files: [String], targetSparsities: [Double]?,
                            layerOrder: LayerOrder?) throws -> ImportPlan {
        guard !files.isEmpty else { throw ImportError(file: nil, "no files to import") }
        if let t = targetSparsities {
            guard t.count == files.count else {
                throw ImportError(file: nil, "\(t.count) sparsities given for \(files.count) files (give one per file, in order)")
            }
            if let bad = t.first(where: { !($0 >= 0 && $0 < 1) }) { throw ImportError(file: nil, "target sparsity \(bad) is outside [0, 1)") }
        }
        var existing: (layout: MaskLayout, subnetworks: [String])?
        if let run = try? store.run(named: name) {
            existing = (try store.layout(of: run), try store.subnetworks(of: run).map(\.name))
        }
        var warnings: [String] = []
        var steps: [ImportedStep] = []
        for (i, path) in files.enumerated() {
            let file: TensorFile
            do { file = try TensorFileReader.read(path: path) } catch let e as TensorFileError {
                throw ImportError(file: nil, e.description)
            }
            let parsed = try ParsedFile(file)
            if existing == nil {
                let (layout, warning) = try defineLayout(parsed, order: layerOrder)
                if let warning { warnings.append(warning) }
                existing = (layout, parsed.subnetworks)
            }
            let masks = try parsed.masks(layout: existing!.layout, subnetworks: existing!.subnetworks)
            steps.append(ImportedStep(file: path, targetSparsity: targetSparsities?[i], masks: masks))
        }
        let createsRun = (try? store.run(named: name)) == nil
        return ImportPlan(layout: existing!.layout, subnetworks: existing!.subnetworks, steps: steps,
                          createsRun: createsRun, warnings: warnings)
    }

    /// Writes a validated plan: creates the run if needed, then one transaction per step.
    /// `progress` is called after each stored step.
    @discardableResult
    public static func write(_ plan: ImportPlan, store: RunStore, run name: String,
                             progress: (ImportedStep, StepInfo) -> Void = { _, _ in }) throws -> RunInfo {
        let run: RunInfo
        if plan.createsRun {
            let subs = plan.subnetworks.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) }
            run = try store.createRun(NewRun(name: name, method: "imported"), layout: plan.layout, subnetworks: subs, status: "imported")
        } else {
            run = try store.run(named: name)
        }
        for step in plan.steps {
            let info = try store.appendStep(StepWrite(phase: .imported, targetSparsity: step.targetSparsity, masks: step.masks), to: run)
            progress(step, info)
        }
        return run
    }

    /// The layout the first file defines: order from safetensors metadata `layers`, else the
    /// layer-order file, else the file's key order (with a warning for safetensors).
    static func defineLayout(_ f: ParsedFile, order: LayerOrder?) throws -> (MaskLayout, String?) {
        var names = f.layers
        var groups: [String: LayerGroup] = [:]
        var warning: String?
        if let meta = f.file.metadata["layers"] {
            let listed = meta.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard Set(listed) == Set(names), listed.count == names.count else {
                throw ImportError(file: f.file.path, "metadata 'layers' lists \(listed.count) layers that do not match the tensors' \(names.count) layers")
            }
            names = listed
        } else if let order {
            let missing = names.filter { !order.names.contains($0) }, extra = order.names.filter { !names.contains($0) }
            guard missing.isEmpty, extra.isEmpty else {
                throw ImportError(file: f.file.path, "layer order does not match the file: " +
                    (missing.isEmpty ? "" : "missing \(missing.joined(separator: ", ")) ") +
                    (extra.isEmpty ? "" : "not in file \(extra.joined(separator: ", "))"))
            }
            names = order.names
            groups = order.groups
        } else if f.file.format == .safetensors {
            warning = "\(f.file.path): no 'layers' metadata and no --layer-order; depth groups follow the header's key order"
        }
        let entries = names.map { MaskLayout.Entry(name: $0, shape: f.shapes[$0]!, group: groups[$0]) }
        do { return (try MaskLayout(entries), warning) } catch { throw ImportError(file: f.file.path, "\(error)") }
    }
}

/// A tensor file split into subnetworks and layers.
struct ParsedFile {
    let file: TensorFile
    /// Subnetworks and layers in order of first appearance.
    let subnetworks: [String]
    let layers: [String]
    /// Shape of each layer (checked equal across subnetworks).
    let shapes: [String: [Int]]
    let tensors: [String: NamedTensor]

    init(_ file: TensorFile) throws {
        self.file = file
        var subs: [String] = [], layers: [String] = [], shapes: [String: [Int]] = [:], tensors: [String: NamedTensor] = [:]
        for t in file.tensors {
            guard let slash = t.name.firstIndex(of: "/") else {
                throw ImportError(file: file.path, "tensor key '\(t.name)' has no '/': keys must be '<subnetwork>/<layer>'")
            }
            let sub = String(t.name[..<slash]), layer = String(t.name[t.name.index(after: slash)...])
            guard !sub.isEmpty, !layer.isEmpty else {
                throw ImportError(file: file.path, "tensor key '\(t.name)' has an empty subnetwork or layer name")
            }
            guard tensors[t.name] == nil else { throw ImportError(file: file.path, "tensor '\(t.name)' appears twice") }
            if !subs.contains(sub) { subs.append(sub) }
            if let s = shapes[layer] {
                guard s == t.shape else {
                    throw ImportError(file: file.path, "tensor '\(t.name)' has shape \(t.shape) but layer '\(layer)' has shape \(s) in other subnetworks")
                }
            } else {
                layers.append(layer); shapes[layer] = t.shape
            }
            tensors[t.name] = t
        }
        guard !subs.isEmpty else { throw ImportError(file: file.path, "holds no tensors") }
        self.subnetworks = subs; self.layers = layers; self.shapes = shapes; self.tensors = tensors
    }

    /// Masks in the given subnetwork order over the layout; every name and shape must match.
    func masks(layout: MaskLayout, subnetworks expected: [String]) throws -> [Mask] {
        if Set(subnetworks) != Set(expected) {
            let missing = expected.filter { !subnetworks.contains($0) }, extra = subnetworks.filter { !expected.contains($0) }
            throw ImportError(file: file.path, "subnetworks differ from the run's" +
                (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))") +
                (extra.isEmpty ? "" : "; unknown: \(extra.joined(separator: ", "))"))
        }
        let known = Set(layout.tensors.map(\.name))
        if let extra = layers.first(where: { !known.contains($0) }) {
            throw ImportError(file: file.path, "layer '\(extra)' (tensor '\(subnetworks[0])/\(extra)') is not a layer of the run")
        }
        return try expected.map { sub in
            let perTensor = try layout.tensors.map { t -> [UInt64] in
                let key = "\(sub)/\(t.name)"
                guard let tensor = tensors[key] else { throw ImportError(file: file.path, "tensor '\(key)' is missing") }
                guard tensor.shape == t.shape else {
                    throw ImportError(file: file.path, "tensor '\(key)' has shape \(tensor.shape), the run's layer '\(t.name)' has \(t.shape)")
                }
                do { return try tensor.keptBits() } catch let e as TensorFileError {
                    throw ImportError(file: file.path, TensorFileError(path: nil, tensor: e.tensor, reason: e.reason).description)
                }
            }
            do { return try Mask(layout: layout, tensorWords: perTensor) } catch { throw ImportError(file: file.path, "\(error)") }
        }
    }
}
