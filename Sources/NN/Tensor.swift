/// A dense Float32 array, contiguous and row-major. Images are NCHW: `[batch, channels, height, width]`.
///
/// `Tensor` is a reference type: layers keep their outputs and gradients between calls and overwrite
/// them in place, so a tensor returned by a layer stays valid until that layer's next call.
/// `reshaped(_:)` shares storage.
public final class Tensor: @unchecked Sendable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The number of elements: the product of `shape`.
    public let count: Int
    private let storage: Storage

    /// The first element. Writable; valid as long as this tensor (or one sharing its storage) lives.
    public var pointer: UnsafeMutablePointer<Float> { storage.base }

    /// A zero-filled tensor.
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = Storage(count: count)
    }

    /// A tensor holding `values` (row-major); `values.count` must equal the product of `shape`.
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// A tensor with every element equal to `value`.
    public convenience init(shape: [Int], repeating value: Float) {
        self.init(shape: shape)
        pointer.update(repeating: value, count: count)
    }

    private init(shape: [Int], sharing storage: Storage) {
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = storage
    }

    /// A copy of the elements in row-major order.
    public var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Element `index` in row-major order.
    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
            return pointer[index]
        }
        set {
            precondition(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
            pointer[index] = newValue
        }
    }

    /// The same elements viewed with another shape of equal element count (storage is shared).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: newShape, sharing: storage)
    }

    /// An independent copy.
    public func copy() -> Tensor {
        let result = Tensor(shape: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Sets every element to zero.
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// Copies the elements of `source`, which must have the same element count.
    public func assign(_ source: Tensor) {
        precondition(source.count == count, "cannot assign \(source.shape) to \(shape)")
        pointer.update(from: source.pointer, count: count)
    }

    /// Returns `existing` if it has exactly `shape`, otherwise a new zero-filled tensor of that shape.
    /// Layers use it to keep one output buffer across calls (the contents of a reused tensor are stale).
    public static func reuse(_ existing: Tensor?, shape: [Int]) -> Tensor {
        if let existing, existing.shape == shape { return existing }
        return Tensor(shape: shape)
    }
}

/// 64-byte aligned element storage.
private final class Storage {
    let base: UnsafeMutablePointer<Float>

    init(count: Int) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}
