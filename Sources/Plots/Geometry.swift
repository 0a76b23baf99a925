/// A point in points from the figure's top-left corner, y downwards.
struct Point: Hashable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in figure points.
struct Rect: Hashable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// This rectangle grown by `amount` on every side (shrunk when negative).
    func outset(by amount: Double) -> Rect {
        Rect(x: x - amount, y: y - amount, width: width + 2 * amount, height: height + 2 * amount)
    }

    /// Whether `point` lies inside or on the edge.
    func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether the two rectangles overlap.
    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}

/// The space around a panel's plotting area taken by its tick labels, axis titles, title and colour bar.
struct Insets: Hashable {
    var left = 0.0
    var right = 0.0
    var top = 0.0
    var bottom = 0.0

    /// The larger of each side.
    func union(_ other: Insets) -> Insets {
        Insets(left: max(left, other.left), right: max(right, other.right),
               top: max(top, other.top), bottom: max(bottom, other.bottom))
    }
}
