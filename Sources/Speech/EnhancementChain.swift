import Audio
import Models
import NN
import PruningCore

/// The speech-enhancement computation (paper appendix D.3) around a ``SpeechUNet``: noisy STFT →
/// U-Net complex mask → `ComplexMask.apply` → inverse STFT → wSDR loss against the clean signal, and
/// its exact backward pass (wSDR gradient → adjoint of the inverse STFT → `ComplexMask.maskGradient`
/// → U-Net backward).
public struct EnhancementChain {
    public let model: SpeechUNet
    public let stft: STFT

    public init(model: SpeechUNet, stft: STFT) {
        self.model = model; self.stft = stft
    }

    /// The mean wSDR loss of a batch (equal lengths) in training mode; accumulates every parameter
    /// gradient of that mean (gradients are not zeroed first).
    public func lossAndGradient(_ batch: [SpeechMixture]) throws -> Double {
        let noisy = input(batch)
        let mask = model.forward(noisy, mode: .training)
        let estimate = ComplexMask.apply(mask, to: noisy)
        let estimateGradient = Tensor(shape: noisy.shape)
        let plane = 2 * noisy.shape[2] * noisy.shape[3]
        var total = 0.0
        for (n, item) in batch.enumerated() {
            let channels = Array(UnsafeBufferPointer(start: estimate.pointer + n * plane, count: plane))
            let spectrogram = try Spectrogram(channels: channels, frequencies: stft.frequencies, frames: item.frames)
            let waveform = try stft.inverse(spectrogram, length: item.clean.count)
            let loss = try WeightedSDRLoss.evaluate(estimate: waveform, noisy: item.noisy, clean: item.clean)
            total += loss.value
            let scale = 1 / Float(batch.count)
            let back = try stft.inverseBackward(loss.gradient.map { $0 * scale }, frames: item.frames).channels
            back.withUnsafeBufferPointer { (estimateGradient.pointer + n * plane).update(from: $0.baseAddress!, count: plane) }
        }
        _ = model.backward(ComplexMask.maskGradient(estimateGradient, noisy: noisy))
        return total / Double(batch.count)
    }

    /// The enhanced waveform of one mixture (inference mode, running batch-norm statistics).
    public func enhance(_ mixture: SpeechMixture) throws -> [Float] {
        let noisy = input([mixture])
        let estimate = ComplexMask.apply(model.forward(noisy, mode: .inference), to: noisy)
        let spectrogram = try Spectrogram(channels: estimate.values, frequencies: stft.frequencies, frames: mixture.frames)
        return try stft.inverse(spectrogram, length: mixture.clean.count)
    }

    /// Re-estimates the batch-norm running statistics under the current weights and mask from the
    /// training-mode forwards of `batches` (see ``BatchNormRecalibration``; no weight update). Pruning
    /// changes the network after training, so every evaluation is preceded by this (as for CIFAR).
    public func recalibrateBatchNorm(_ batches: [[SpeechMixture]]) {
        var recalibration = BatchNormRecalibration(registry: model.registry)
        for batch in batches {
            recalibration.beginBatch()
            _ = model.forward(input(batch), mode: .training)
            recalibration.endBatch()
        }
        recalibration.finish()
    }

    /// The batch's noisy spectrograms as one `[N, 2, F, T]` tensor.
    func input(_ batch: [SpeechMixture]) -> Tensor {
        let frames = batch[0].frames
        precondition(batch.allSatisfy { $0.frames == frames }, "EnhancementChain: a batch needs equal lengths")
        let plane = 2 * stft.frequencies * frames
        let tensor = Tensor(shape: [batch.count, 2, stft.frequencies, frames])
        for (n, item) in batch.enumerated() {
            item.spectrogram.withUnsafeBufferPointer { (tensor.pointer + n * plane).update(from: $0.baseAddress!, count: plane) }
        }
        return tensor
    }
}
