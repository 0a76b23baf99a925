/// A height × width pair for kernel sizes, strides and padding. An integer literal means a square.
public struct Size2D: Equatable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int

    /// `height` × `width`.
    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    /// `value` × `value`.
    public init(integerLiteral value: Int) { self.init(value, value) }

    public var description: String { "\(height)×\(width)" }
}
