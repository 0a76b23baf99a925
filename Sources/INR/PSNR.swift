import Foundation

/// Peak signal-to-noise ratio for values in [0, 1]: 10·log10(1 / MSE), predictions clamped to [0, 1]
/// first (as the image is shown). Identical images give +∞.
public enum PSNR {
    /// PSNR over the given channel values (same count).
    public static func of(_ predicted: [Float], _ target: [Float]) -> Double {
        precondition(predicted.count == target.count && !target.isEmpty, "PSNR needs equal, non-empty inputs")
        var sum = 0.0
        for i in target.indices {
            let d = Double(min(max(predicted[i], 0), 1)) - Double(target[i])
            sum += d * d
        }
        let mse = sum / Double(target.count)
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }
}
