import Foundation

/// Draws point markers, shared by series and legend samples.
enum MarkerShape {
    /// Draws `marker` centred on `point`, scaled to a line `size` points wide, with a thin white edge so that
    /// overlapping markers stay apart.
    static func draw(_ marker: PointMarker, at point: Point, size: Double, color: Color, canvas: Canvas) {
        let radius = max(2.2, size * 1.6)
        let edge = Color.white
        switch marker {
        case .none:
            return
        case .circle:
            canvas.fillCircle(center: point, radius: radius, color: color, edge: edge)
        case .square:
            let half = radius * 0.88
            canvas.fillPolygon([Point(x: point.x - half, y: point.y - half), Point(x: point.x + half, y: point.y - half),
                                Point(x: point.x + half, y: point.y + half), Point(x: point.x - half, y: point.y + half)],
                               color: color, edge: edge)
        case .triangle:
            let r = radius * 1.2
            canvas.fillPolygon([Point(x: point.x, y: point.y - r),
                                Point(x: point.x + r * cos(Double.pi / 6), y: point.y + r / 2),
                                Point(x: point.x - r * cos(Double.pi / 6), y: point.y + r / 2)],
                               color: color, edge: edge)
        case .diamond:
            let r = radius * 1.2
            canvas.fillPolygon([Point(x: point.x, y: point.y - r), Point(x: point.x + r * 0.75, y: point.y),
                                Point(x: point.x, y: point.y + r), Point(x: point.x - r * 0.75, y: point.y)],
                               color: color, edge: edge)
        }
    }
}
