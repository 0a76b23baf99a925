import Foundation

/// Lays out and draws a line or twin-axis chart: grid, series, vertical markers, axes and header.
struct CartesianPanel {
    let model: CartesianModel
    let theme: Theme
    let canvas: Canvas

    /// The three axes fitted to a plotting area.
    struct Scales {
        let x: AxisScale
        let left: AxisScale
        let right: AxisScale?
    }

    /// The axes fitted to a plotting area of this size.
    func scales(width: Double, height: Double) -> Scales {
        Scales(
            x: AxisScale.fit(model.x, length: width, horizontal: true, canvas: canvas, style: theme.tick),
            left: AxisScale.fit(model.left, length: height, horizontal: false, canvas: canvas, style: theme.tick),
            right: model.right.map {
                AxisScale.fit($0, length: height, horizontal: false, canvas: canvas, style: theme.tick)
            })
    }

    /// The space the decorations need around a plotting area of this size.
    func insets(width: Double, height: Double, _ decorations: Decorations) -> Insets {
        let scales = scales(width: width, height: height)
        let tickHeight = canvas.measure("0", theme.tick).height
        let titleHeight = canvas.measure("Ag", theme.axisTitle).height
        var insets = Insets()
        insets.left = theme.tickLength
            + (decorations.leftTickLabels ? theme.pad + widest(scales.left.labels) : 0)
            + (decorations.leftTitle && model.left.label != nil ? theme.gap + titleHeight : 0)
        if let right = scales.right {
            insets.right = theme.tickLength
                + (decorations.rightTickLabels ? theme.pad + widest(right.labels) : 0)
                + (decorations.rightTitle && model.right?.label != nil ? theme.gap + titleHeight : 0)
        }
        insets.bottom = theme.tickLength
            + (decorations.xTickLabels ? theme.pad + tickHeight : 0)
            + (decorations.xTitle && model.x.label != nil ? theme.gap + titleHeight : 0)
        insets.top = PanelHeader(letter: decorations.letter, title: model.title, theme: theme, canvas: canvas).height
        if decorations.xTickLabels, let first = scales.x.ticks.first, let last = scales.x.ticks.last {
            let firstOverhang = canvas.measure(scales.x.labels[0], theme.tick).width / 2
                - scales.x.fraction(first) * width
            let lastOverhang = canvas.measure(scales.x.labels[scales.x.labels.count - 1], theme.tick).width / 2
                - (1 - scales.x.fraction(last)) * width
            insets.left = max(insets.left, firstOverhang + 1)
            insets.right = max(insets.right, lastOverhang + 1)
        }
        let halfLabel = canvas.capHeight(theme.tick) / 2 + 1
        insets.top = max(insets.top, halfLabel)
        insets.bottom = max(insets.bottom, halfLabel)
        return insets
    }

    /// Points along the drawn lines and vertical markers, for placing a legend or labels where they cover
    /// no data.
    func samples(in plot: Rect) -> [Point] {
        let scales = scales(width: plot.width, height: plot.height)
        var points: [Point] = []
        for line in model.lines {
            for run in line.runs {
                let mapped = run.map { map($0.x, $0.y, onRight: line.onRightAxis, plot, scales) }
                points.append(contentsOf: mapped.prefix(1))
                for (a, b) in zip(mapped, mapped.dropFirst()) {
                    let length = hypot(b.x - a.x, b.y - a.y)
                    let count = length.isFinite ? max(1, Int(min(length / 1.5, 10_000).rounded(.up))) : 1
                    points += (1...count).map { Point(x: a.x + (b.x - a.x) * Double($0) / Double(count),
                                                      y: a.y + (b.y - a.y) * Double($0) / Double(count)) }
                }
            }
        }
        for line in model.lines {
            for run in line.bandRuns {
                // The band's area, sampled every few points, so a legend keeps clear of it too.
                for (a, b) in zip(run, run.dropFirst().isEmpty ? run : Array(run.dropFirst())) {
                    let left = map(a.x, a.upper, onRight: line.onRightAxis, plot, scales).x
                    let right = map(b.x, b.upper, onRight: line.onRightAxis, plot, scales).x
                    let steps = max(1, Int(min(abs(right - left) / 3, 2_000).rounded(.up)))
                    for i in 0...steps {
                        let f = Double(i) / Double(steps)
                        let x = a.x + (b.x - a.x) * f
                        let top = map(x, a.upper + (b.upper - a.upper) * f, onRight: line.onRightAxis, plot, scales).y
                        let bottom = map(x, a.lower + (b.lower - a.lower) * f, onRight: line.onRightAxis, plot, scales).y
                        let px = left + (right - left) * f
                        points += stride(from: min(top, bottom), through: max(top, bottom), by: 3).map { Point(x: px, y: $0) }
                    }
                }
            }
        }
        for marker in model.markers {
            let x = plot.minX + scales.x.fraction(marker.x) * plot.width
            points += stride(from: plot.minY, through: plot.maxY, by: 3).map { Point(x: x, y: $0) }
        }
        return points.filter { plot.contains($0) }
    }

    /// Draws the panel around `plot`; marker labels keep clear of `avoiding` (an inside legend).
    func draw(in plot: Rect, _ decorations: Decorations, avoiding: [Rect]) {
        let scales = scales(width: plot.width, height: plot.height)
        drawGrid(plot, scales)
        canvas.clipped(to: plot) {
            for marker in model.markers {
                let x = plot.minX + scales.x.fraction(marker.x) * plot.width
                canvas.stroke([Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY)], color: marker.color,
                              width: 1.1, dash: marker.dash)
            }
        }
        canvas.clipped(to: plot) {
            for line in model.lines { drawBand(line, plot, scales) }
        }
        canvas.clipped(to: plot.outset(by: 3)) {
            for line in model.lines { drawLine(line, plot, scales) }
        }
        drawAxes(plot, scales, decorations)
        drawMarkerLabels(plot, scales, avoiding: avoiding)
        PanelHeader(letter: decorations.letter, title: model.title, theme: theme, canvas: canvas)
            .draw(left: plot.minX, top: plot.minY, width: plot.width)
    }

    // MARK: Parts

    /// Light grid lines at the x ticks and the left-axis ticks.
    private func drawGrid(_ plot: Rect, _ scales: Scales) {
        for tick in scales.x.ticks {
            let x = plot.minX + scales.x.fraction(tick) * plot.width
            canvas.stroke([Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY)], color: theme.gridColor, width: 0.5)
        }
        for tick in scales.left.ticks {
            let y = plot.maxY - scales.left.fraction(tick) * plot.height
            canvas.stroke([Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y)], color: theme.gridColor, width: 0.5)
        }
    }

    /// A series' band, translucent in its colour (a lone point as a short vertical bar).
    private func drawBand(_ line: LineModel, _ plot: Rect, _ scales: Scales) {
        let fill = line.color.withAlpha(Self.bandOpacity)
        for run in line.bandRuns {
            let upper = run.map { map($0.x, $0.upper, onRight: line.onRightAxis, plot, scales) }
            let lower = run.reversed().map { map($0.x, $0.lower, onRight: line.onRightAxis, plot, scales) }
            if run.count == 1 {
                canvas.stroke([upper[0], lower[0]], color: fill, width: max(line.width * 3, 4))
            } else {
                canvas.fillPolygon(upper + lower, color: fill)
            }
        }
    }

    /// Opacity of bands: light enough that overlapping bands and the lines stay legible.
    static let bandOpacity = 0.2

    /// One series: its runs as lines (a lone point as a dot) and its markers.
    private func drawLine(_ line: LineModel, _ plot: Rect, _ scales: Scales) {
        for run in line.runs {
            let points = run.map { map($0.x, $0.y, onRight: line.onRightAxis, plot, scales) }
            if points.count == 1, line.marker == .none {
                canvas.fillCircle(center: points[0], radius: line.width * 1.2, color: line.color)
            } else {
                canvas.stroke(points, color: line.color, width: line.width, dash: line.dash)
            }
            if line.marker != .none {
                for point in points {
                    MarkerShape.draw(line.marker, at: point, size: line.width, color: line.color, canvas: canvas)
                }
            }
        }
    }

    /// Spines, tick marks, tick labels and the panel's own axis titles.
    private func drawAxes(_ plot: Rect, _ scales: Scales, _ decorations: Decorations) {
        let width = theme.axisWidth
        let color = theme.axisColor
        let tickLength = theme.tickLength
        canvas.stroke([Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY),
                       Point(x: plot.maxX, y: plot.maxY)], color: color, width: width)
        if scales.right != nil {
            canvas.stroke([Point(x: plot.maxX, y: plot.minY), Point(x: plot.maxX, y: plot.maxY)], color: color,
                          width: width)
        }
        for (tick, label) in zip(scales.x.ticks, scales.x.labels) {
            let x = plot.minX + scales.x.fraction(tick) * plot.width
            canvas.stroke([Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + tickLength)], color: color,
                          width: width)
            if decorations.xTickLabels {
                canvas.draw(label, at: Point(x: x, y: plot.maxY + tickLength + theme.pad), theme.tick,
                            horizontal: .center, vertical: .top)
            }
        }
        drawVerticalTicks(scales.left, x: plot.minX, direction: -1, plot, labels: decorations.leftTickLabels)
        if let right = scales.right {
            drawVerticalTicks(right, x: plot.maxX, direction: 1, plot, labels: decorations.rightTickLabels)
        }
        if decorations.xTitle, let label = model.x.label {
            let tickBlock = tickLength + (decorations.xTickLabels ? theme.pad + canvas.measure("0", theme.tick).height : 0)
            canvas.draw(canvas.fitting(label, width: plot.width, theme.axisTitle),
                        at: Point(x: plot.midX, y: plot.maxY + tickBlock + theme.gap), theme.axisTitle,
                        horizontal: .center, vertical: .top)
        }
        if decorations.leftTitle, let label = model.left.label {
            let tickBlock = tickLength + (decorations.leftTickLabels ? theme.pad + widest(scales.left.labels) : 0)
            drawVerticalTitle(label, x: plot.minX - tickBlock - theme.gap, plot, color: model.left.labelColor,
                              anchor: .bottom)
        }
        if let right = scales.right, let axis = model.right, decorations.rightTitle, let label = axis.label {
            let tickBlock = tickLength + (decorations.rightTickLabels ? theme.pad + widest(right.labels) : 0)
            drawVerticalTitle(label, x: plot.maxX + tickBlock + theme.gap, plot, color: axis.labelColor,
                              anchor: .top)
        }
    }

    /// Tick marks and labels on a vertical axis at `x`, pointing left (−1) or right (+1).
    private func drawVerticalTicks(_ scale: AxisScale, x: Double, direction: Double, _ plot: Rect, labels: Bool) {
        for (tick, label) in zip(scale.ticks, scale.labels) {
            let y = plot.maxY - scale.fraction(tick) * plot.height
            canvas.stroke([Point(x: x, y: y), Point(x: x + direction * theme.tickLength, y: y)],
                          color: theme.axisColor, width: theme.axisWidth)
            if labels {
                canvas.draw(label, at: Point(x: x + direction * (theme.tickLength + theme.pad), y: y), theme.tick,
                            horizontal: direction < 0 ? .right : .left, vertical: .middle)
            }
        }
    }

    /// An axis title turned to read upwards, centred on the plot's height, its box edge at `x`.
    private func drawVerticalTitle(_ label: String, x: Double, _ plot: Rect, color: Color?, anchor: VerticalAnchor) {
        var style = theme.axisTitle
        if let color { style.color = color }
        canvas.draw(canvas.fitting(label, width: plot.height, style), at: Point(x: x, y: plot.midY), style,
                    horizontal: .center, vertical: anchor, angle: -Double.pi / 2)
    }

    /// Labels of vertical markers, each beside its line, at the top or bottom and on the side that covers the
    /// fewest data points and no rectangle of `avoiding`.
    private func drawMarkerLabels(_ plot: Rect, _ scales: Scales, avoiding: [Rect]) {
        let data = samples(in: plot)
        var taken = avoiding
        let style = theme.markerLabel
        for marker in model.markers {
            guard let label = marker.label else { continue }
            let x = plot.minX + scales.x.fraction(marker.x) * plot.width
            guard x >= plot.minX, x <= plot.maxX else { continue }
            let box = canvas.measure(label, style)
            let size = (width: box.width + 2 * theme.pad * 0.6, height: box.height + theme.pad * 0.6)
            let offset = theme.pad
            let candidates = [
                Rect(x: x + offset, y: plot.minY + offset, width: size.width, height: size.height),
                Rect(x: x - offset - size.width, y: plot.minY + offset, width: size.width, height: size.height),
                Rect(x: x + offset, y: plot.maxY - offset - size.height, width: size.width, height: size.height),
                Rect(x: x - offset - size.width, y: plot.maxY - offset - size.height, width: size.width,
                     height: size.height),
            ].filter { $0.minX >= plot.minX && $0.maxX <= plot.maxX }
            let scored = candidates.map { rect in
                (rect, data.filter { rect.contains($0) }.count + (taken.contains { $0.intersects(rect) } ? 10_000 : 0))
            }
            guard let best = scored.min(by: { $0.1 < $1.1 })?.0 else { continue }
            canvas.fill(best, color: Color.white.withAlpha(0.85))
            var textStyle = style
            textStyle.color = marker.color.mixed(with: .black, 0.35)
            canvas.draw(label, at: Point(x: best.midX, y: best.midY), textStyle, horizontal: .center, vertical: .middle)
            taken.append(best)
        }
    }

    /// A data point in figure points.
    private func map(_ x: Double, _ y: Double, onRight: Bool, _ plot: Rect, _ scales: Scales) -> Point {
        let yScale = onRight ? (scales.right ?? scales.left) : scales.left
        return Point(x: plot.minX + scales.x.fraction(x) * plot.width, y: plot.maxY - yScale.fraction(y) * plot.height)
    }

    /// The width of the widest tick label.
    private func widest(_ labels: [String]) -> Double {
        labels.map { canvas.measure($0, theme.tick).width }.max() ?? 0
    }
}
