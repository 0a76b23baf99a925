import Foundation
import MaskKit
import RunStore
import TensorFiles

/// How an import reads its sources and where its steps go.
public struct ImportOptions: Sendable {
    /// Kept = weight ≠ 0 (checkpoints of pruned models) instead of masks of 0 and 1.
    public var fromWeights = false
    /// Which tensors are layers.
    public var filter: LayerFilter
    /// The layer order (and groups) of a new run when the files carry no `layers` metadata.
    public var layerOrder: LayerOrder?
    /// The subnetwork order of a new run (else safetensors metadata `subnetworks`, else order of appearance).
    public var subnetworkOrder: [String]?
    /// The method of a new run; nil: `imported`. An existing run's method must match when given.
    public var method: RunMethod?
    /// Target sparsity of each step, in order.
    public var targetSparsities: [Double]?
    /// The index of the first step; nil appends after the run's last step.
    public var firstStep: Int?
    /// Replace existing steps at `firstStep`… instead of refusing.
    public var replace = false
    /// Store a step whose masks equal the step before it (otherwise refused as a probable re-import).
    public var allowDuplicate = false

    public init(filter: LayerFilter) { self.filter = filter }
}

/// One step of a plan: its source and where it goes.
public struct PlannedStep: Sendable {
    public let source: StepSource
    public let targetSparsity: Double?
    /// The step index it is stored at; nil: after the last step.
    public let index: Int?
    /// True when the step already holds exactly these masks, so nothing is written (`--step N --replace` again).
    public let unchanged: Bool
    /// The digest of its masks when checked, to notice a file changed before it is written.
    let digest: MaskDigest
    /// The masks read while checking, kept for writing when they fit the plan's memory budget.
    let checkedMasks: [Mask]?
}

/// Everything an import will write, fully validated (names, shapes and every value of every file)
/// before anything is stored; only the first steps' masks are kept, within a budget of half the largest
/// file's tensors, so memory does not grow with the number of steps.
public struct ImportPlan: Sendable {
    public let run: String
    public let layout: MaskLayout
    public let subnetworks: [String]
    public let method: RunMethod
    public let steps: [PlannedStep]
    /// True when the run does not exist yet and will be created.
    public let createsRun: Bool
    /// Non-fatal notes for the user (layer order taken from names, an earlier import that was interrupted, ...).
    public let warnings: [String]
    let rule: KeptRule
    let filter: LayerFilter
    let replace: Bool
    let allowDuplicate: Bool
}

/// Imports masks trained elsewhere (NumPy `.npz`/`.npy`, safetensors, sharded safetensors checkpoints) as
/// sparsity steps of a run.
///
/// Each ``StepSource`` is one step. Two passes: ``plan(store:run:sources:options:)`` opens every source,
/// checks names, shapes and values against the run (or defines the run's layers and subnetworks) and
/// fingerprints each step, keeping the first steps' masks within a budget of half the largest file;
/// ``write(_:store:progress:)`` stores each step in its own transaction, reading again the steps it did
/// not keep. Memory never grows with the number of steps.
public enum MaskImporter {
    /// Reads and validates every source against the run (if it exists) without writing anything.
    public static func plan(store: RunStore, run name: String, sources: [StepSource], options: ImportOptions) throws -> ImportPlan {
        guard !sources.isEmpty else { throw ImportError(file: nil, "no files to import") }
        if let t = options.targetSparsities {
            guard t.count == sources.count else {
                throw ImportError(file: nil, "\(t.count) sparsities given for \(sources.count) files (give one per file, in order)")
            }
            if let bad = t.first(where: { !($0 >= 0 && $0 < 1) }) { throw ImportError(file: nil, "target sparsity \(bad) is outside [0, 1)") }
        }
        if let first = options.firstStep, first < 0 { throw ImportError(file: nil, "--step \(first) is negative") }
        let rule: KeptRule = options.fromWeights ? .nonzero : .binary
        var warnings: [String] = []
        let existingRun = try? store.run(named: name)
        var layout: MaskLayout?, subnetworks: [String]?
        var stored: [StepInfo] = []
        var method = options.method ?? .imported
        if let run = existingRun {
            layout = try store.layout(of: run)
            subnetworks = try store.subnetworks(of: run).map(\.name)
            stored = try store.steps(of: run)
            if let given = options.method, given.rawValue != run.method {
                throw ImportError(file: nil, "run '\(name)' has method '\(run.method)', not '\(given.rawValue)'")
            }
            method = RunMethod(rawValue: run.method) ?? .imported
            if let order = options.subnetworkOrder, order != subnetworks {
                throw ImportError(file: nil, "run '\(name)' already orders its subnetworks \(subnetworks!.joined(separator: ",")); --order cannot change that")
            }
            if let journal = try store.unfinishedImport(of: run) { warnings.append(interruptedNote(journal, run: name)) }
        }
        let storedIndices = Set(stored.map(\.index))
        let lastStored = stored.last?.index
        var previousDigest: (digest: MaskDigest, what: String)? = nil
        if options.firstStep == nil, let run = existingRun, let last = lastStored, !options.allowDuplicate {
            previousDigest = (try storedDigest(store: store, run: run, step: last), "step \(last) of run '\(name)'")
        }
        var nextFree = (lastStored ?? -1) + 1
        // The first steps' masks are kept from checking to writing (no second read) within a budget of half
        // the largest file's tensor bytes, so memory stays within 2x one file whatever the number of steps.
        var budget = 0, kept = 0
        var steps: [PlannedStep] = []
        for (i, source) in sources.enumerated() {
            let tensors = try StepTensors(source, filter: options.filter)
            if layout == nil {
                let (newLayout, warning) = try defineLayout(tensors, order: options.layerOrder)
                if let warning { warnings.append(warning) }
                layout = newLayout
                subnetworks = try subnetworkOrder(tensors, given: options.subnetworkOrder)
            }
            guard let layout, let subnetworks else { preconditionFailure("set above") }
            try tensors.check(layout: layout, subnetworks: subnetworks)
            let masks = try tensors.masks(layout: layout, subnetworks: subnetworks, rule: rule)
            var digest = MaskDigest()
            for m in masks { digest.add(m) }
            let index = options.firstStep.map { $0 + i }
            var unchanged = false
            if let index, storedIndices.contains(index), let run = existingRun {
                guard options.replace else {
                    throw ImportError(file: nil, "run '\(name)' already has step \(index) (pass --replace to replace its masks)")
                }
                unchanged = try storedDigest(store: store, run: run, step: index) == digest
            } else if let index, index > nextFree {
                throw ImportError(file: nil, "--step \(index) would leave a gap: run '\(name)' ends at step \(lastStored.map(String.init) ?? "none")"
                    + " (use --step \((lastStored ?? -1) + 1) or leave --step out to append)")
            }
            if let index { nextFree = max(nextFree, index + 1) }
            if !options.allowDuplicate, !unchanged, let previous = previousDigest, previous.digest == digest {
                throw ImportError(file: source.description, "holds the same masks as \(previous.what) (imported twice?); pass --allow-duplicate to store it again")
            }
            previousDigest = (digest, "\(source.description), the step before it")
            budget = max(budget, tensors.largestFileBytes / 2)
            let maskBytes = masks.count * layout.wordCount * 8
            let keep = !unchanged && kept + maskBytes <= budget
            if keep { kept += maskBytes }
            steps.append(PlannedStep(source: source, targetSparsity: options.targetSparsities?[i], index: index, unchanged: unchanged,
                                     digest: digest, checkedMasks: keep ? masks : nil))
        }
        guard let layout, let subnetworks else { preconditionFailure("at least one source") }
        return ImportPlan(run: name, layout: layout, subnetworks: subnetworks, method: method, steps: steps,
                          createsRun: existingRun == nil, warnings: warnings, rule: rule, filter: options.filter,
                          replace: options.replace, allowDuplicate: options.allowDuplicate)
    }

    /// Writes a validated plan: opens (or creates) the run, then reads each step again and stores it in its
    /// own transaction. `progress` is called after each step: the stored step (nil when unchanged), and for a
    /// replaced step the number of metric values it lost (nil when nothing was replaced).
    ///
    /// When another live process holds the run's write lease (an import of the same run started a moment
    /// earlier), waits up to `leaseWait` seconds for it to finish, calling `waiting` once with the holder.
    @discardableResult
    public static func write(_ plan: ImportPlan, store: RunStore, leaseWait: Double = 60, waiting: (LeaseHolder) -> Void = { _ in },
                             progress: (PlannedStep, StepInfo?, Int?) -> Void = { _, _, _ in }) throws -> RunInfo {
        let subs = plan.subnetworks.enumerated().map { SubnetworkInfo(index: $0.offset, name: $0.element) }
        let deadline = Date().addingTimeInterval(leaseWait)
        var announced = false
        var opened: (run: RunInfo, created: Bool)?
        while opened == nil {
            do {
                opened = try store.openRunForImport(
                    NewRun(name: plan.run, method: plan.method.rawValue), layout: plan.layout, subnetworks: subs, status: .imported,
                    sources: plan.steps.map(\.source.description))
            } catch StoreError.leaseHeld(_, let holder) where Date() < deadline {
                if !announced { waiting(holder); announced = true }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        guard let (run, created) = opened else { preconditionFailure("the loop ends with the run open") }
        if plan.createsRun, !created, !plan.allowDuplicate, let first = plan.steps.first, first.index == nil,
           let last = try store.steps(of: run).last, try storedDigest(store: store, run: run, step: last.index) == first.digest {
            try store.finishImport(run: run)
            throw ImportError(file: first.source.description, "holds the same masks as step \(last.index), which another process stored in run '\(plan.run)' meanwhile")
        }
        for step in plan.steps {
            if step.unchanged {
                progress(step, nil, nil)
                continue
            }
            let masks = try step.checkedMasks ?? reread(step, plan: plan)
            let write = StepWrite(phase: .imported, targetSparsity: step.targetSparsity, masks: masks,
                                  events: [RunStore.importStepEvent(source: step.source.description)])
            let stored = try store.storeStep(write, at: step.index, replace: plan.replace, run: run)
            progress(step, stored.step, stored.replaced ? stored.droppedMetrics : nil)
        }
        try store.finishImport(run: run)
        return run
    }

    /// A step's masks read again for writing, checked to be the ones the plan checked.
    private static func reread(_ step: PlannedStep, plan: ImportPlan) throws -> [Mask] {
        let tensors = try StepTensors(step.source, filter: plan.filter)
        try tensors.check(layout: plan.layout, subnetworks: plan.subnetworks)
        let masks = try tensors.masks(layout: plan.layout, subnetworks: plan.subnetworks, rule: plan.rule)
        var digest = MaskDigest()
        for m in masks { digest.add(m) }
        guard digest == step.digest else {
            throw ImportError(file: step.source.description, "changed while it was being imported; the steps stored before it are kept")
        }
        return masks
    }

    /// The digest of a stored step's masks, read row by row.
    static func storedDigest(store: RunStore, run: RunInfo, step: Int) throws -> MaskDigest {
        var digest = MaskDigest()
        try store.forEachMaskRow(of: run, step: step) { _, _, words in digest.add(words) }
        return digest
    }

    /// The line telling what an interrupted import stored.
    static func interruptedNote(_ journal: ImportJournal, run: String) -> String {
        let storedSources = journal.stored.map(\.source)
        let missing = journal.sources.filter { !storedSources.contains($0) }
        let stored = journal.stored.isEmpty ? "stored no step"
            : "stored step\(journal.stored.count == 1 ? "" : "s") \(journal.stored.map { String($0.step) }.joined(separator: ", ")) (\(storedSources.joined(separator: ", ")))"
        return "the previous import into run '\(run)' (started \(journal.startedAt), \(journal.sources.count) file\(journal.sources.count == 1 ? "" : "s")) did not finish (interrupted or failed): it \(stored)"
            + (missing.isEmpty ? "" : "; not stored: \(missing.joined(separator: ", "))")
    }

    /// The subnetwork order of a new run: `--order`, else safetensors metadata `subnetworks`, else as found.
    static func subnetworkOrder(_ t: StepTensors, given: [String]?) throws -> [String] {
        let (order, origin): ([String]?, String) = given != nil ? (given, "--order")
            : (t.metadata["subnetworks"].map(commaList), "metadata 'subnetworks'")
        guard let order else { return t.subnetworks }
        if let unknown = order.first(where: { !t.subnetworks.contains($0) }) {
            throw ImportError(file: t.source.description, "\(origin) names subnetwork '\(unknown)', which is not in the file (subnetworks: \(t.subnetworks.joined(separator: ", ")))")
        }
        if let missing = t.subnetworks.first(where: { !order.contains($0) }) {
            throw ImportError(file: t.source.description, "\(origin) does not list subnetwork '\(missing)'")
        }
        guard Set(order).count == order.count else { throw ImportError(file: t.source.description, "\(origin) lists a subnetwork twice") }
        return order
    }

    private static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The layout the first step defines: order from safetensors metadata `layers`, else the layer-order file,
    /// else the tensor names in natural order for safetensors (headers are sorted by name; a warning says so),
    /// else the file's key order.
    static func defineLayout(_ t: StepTensors, order: LayerOrder?) throws -> (MaskLayout, String?) {
        let shapes = try t.layerShapes()
        var names = t.layers
        var groups: [String: LayerGroup] = [:]
        var warning: String?
        let file = t.source.description
        if let meta = t.metadata["layers"] {
            let listed = commaList(meta)
            let present = Set(t.allLayerNames)
            if let misspelt = listed.first(where: { !present.contains($0) }) {
                throw ImportError(file: file, "metadata 'layers' names '\(misspelt)', which is not a tensor of the file"
                    + (names.first { !listed.contains($0) }.map { " (not listed: '\($0)')" } ?? ""))
            }
            if let unlisted = names.first(where: { !listed.contains($0) }) {
                throw ImportError(file: file, "metadata 'layers' does not list layer '\(unlisted)'")
            }
            guard Set(listed).count == listed.count else { throw ImportError(file: file, "metadata 'layers' lists a layer twice") }
            names = listed.filter { names.contains($0) }
        } else if let order {
            let missing = names.filter { !order.names.contains($0) }, extra = order.names.filter { !names.contains($0) }
            guard missing.isEmpty, extra.isEmpty else {
                throw ImportError(file: file, "layer order does not match the file: " +
                    (missing.isEmpty ? "" : "missing \(missing.joined(separator: ", ")) ") +
                    (extra.isEmpty ? "" : "not in file \(extra.joined(separator: ", "))"))
            }
            names = order.names
            groups = order.groups
        } else if t.headerOrdered {
            names.sort(by: NaturalOrder.less)
            warning = "\(file): no 'layers' metadata and no --layer-order; depth groups follow the layer names in natural order (layers.2 before layers.10)"
        }
        let entries = try names.map { name -> MaskLayout.Entry in
            guard let shape = shapes[name] else { throw ImportError(file: file, "layer '\(name)' has no tensor") }
            return MaskLayout.Entry(name: name, shape: shape, group: groups[name])
        }
        do { return (try MaskLayout(entries), warning) } catch { throw ImportError(file: file, "\(error)") }
    }
}
