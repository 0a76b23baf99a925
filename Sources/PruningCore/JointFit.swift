import NN

/// RTL's joint retraining loop (Alg. 2), written once for every experiment: from θ0 under fixed
/// masks, the batches of all subnetworks interleaved — in round b every subnetwork s in turn trains on
/// its batch b (a subnetwork with fewer batches repeats its own cyclically up to the largest count),
/// with its mask applied and its private parameters (its own head, its batch-norm running statistics)
/// swapped in; everything else is shared and updated masked by the current subnetwork's mask.
///
/// The experiment supplies only its batches and its step; the loop, the order, the swapping and the
/// masks are here.
public struct JointFit {
    /// The model state the masks and private parameters are applied to.
    public let state: ModelState
    /// Each subnetwork's mask, converted once (applied before every one of its batches).
    public let masks: [ModelState.PreparedMask]
    /// The parameters every subnetwork keeps for itself; empty when all are shared.
    public let privateParameters: [Parameter]

    /// A joint fit of one subnetwork per mask in `masks`.
    public init(state: ModelState, masks: [ModelState.PreparedMask], privateParameters: [Parameter]) {
        self.state = state; self.masks = masks; self.privateParameters = privateParameters
    }

    /// Trains `epochs` epochs. At the start of each epoch `batchCounts(epoch)` returns how many batches
    /// every subnetwork has in it (the experiment draws its batches there); the epoch has as many
    /// rounds as the largest count. `step(s, b, epoch, round)` trains subnetwork `s` on its batch `b`
    /// (its mask and private state are in place); `roundDone(epoch, round, rounds)` follows each round.
    /// Every subnetwork's private state starts from the current values. Returns each subnetwork's
    /// private state at the end (in ``privateParameters`` order), as ``ModelState/capture(_:)`` gives it.
    public func run(epochs: Int, batchCounts: (_ epoch: Int) throws -> [Int],
                    step: (_ subnetwork: Int, _ batch: Int, _ epoch: Int, _ round: Int) throws -> Void,
                    roundDone: (_ epoch: Int, _ round: Int, _ rounds: Int) -> Void = { _, _, _ in }) throws -> [[[Float]]] {
        var privateState = Array(repeating: state.capture(privateParameters), count: masks.count)
        for epoch in 0..<epochs {
            let counts = try batchCounts(epoch)
            precondition(counts.count == masks.count, "JointFit: one batch count per subnetwork")
            let rounds = counts.max() ?? 0
            for round in 0..<rounds {
                for s in masks.indices where counts[s] > 0 {
                    state.restore(privateState[s], into: privateParameters)
                    try state.apply(masks[s])
                    try step(s, round % counts[s], epoch, round)
                    privateState[s] = state.capture(privateParameters)
                }
                roundDone(epoch, round, rounds)
            }
        }
        return privateState
    }
}
