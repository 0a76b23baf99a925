/// An axis fitted to a length: its final range and the nice ticks whose labels fit without overlapping.
struct AxisScale {
    /// The range mapped onto the axis.
    let range: ClosedRange<Double>
    /// The tick values, inside `range`.
    let ticks: [Double]
    /// One label per tick.
    let labels: [String]

    /// The position of `value` along the axis, 0 at the lower end and 1 at the upper end.
    func fraction(_ value: Double) -> Double {
        (value - range.lowerBound) / (range.upperBound - range.lowerBound)
    }

    /// The scale with the most ticks (about `intervals` at most: 12 across and 8 up by default) whose labels fit
    /// along `length` points: horizontal labels need their half-widths plus half a font size between
    /// neighbours, vertical ones about two and a half line heights. When that leaves fewer than two ticks,
    /// horizontal labels may come closer, down to a fifth of a font size. Ranges that widen snap outward to the
    /// chosen step.
    static func fit(_ axis: AxisModel, length: Double, horizontal: Bool, canvas: Canvas, style: TextStyle,
                    intervals: Double? = nil) -> AxisScale {
        if let ticks = axis.ticks {
            let inside = ticks.filter { axis.range.contains($0.value) }
            return AxisScale(range: axis.range, ticks: inside.map(\.value), labels: inside.map(\.label))
        }
        let intervals = intervals ?? (horizontal ? 12 : 8)
        let scale = fit(axis, length: length, horizontal: horizontal, canvas: canvas, style: style, gap: 0.5,
                        intervals: intervals)
        guard horizontal, scale.ticks.count < 2 else { return scale }
        return fit(axis, length: length, horizontal: true, canvas: canvas, style: style, gap: 0.2, intervals: intervals)
    }

    /// The scale with the smallest nice step whose labels fit, `gap` font sizes apart across.
    private static func fit(_ axis: AxisModel, length: Double, horizontal: Bool, canvas: Canvas, style: TextStyle,
                            gap: Double, intervals: Double) -> AxisScale {
        let span = axis.range.upperBound - axis.range.lowerBound
        var step = NiceTicks.step(atLeast: span / intervals)
        var scale = make(axis, step: step)
        for _ in 0..<16 {
            scale = make(axis, step: step)
            let spacing = step / (scale.range.upperBound - scale.range.lowerBound) * length
            let fits: Bool
            if horizontal {
                let widths = scale.labels.map { canvas.measure($0, style).width }
                let needed = zip(widths, widths.dropFirst()).map { ($0 + $1) / 2 }.max() ?? 0
                fits = spacing >= needed + style.size * gap
            } else {
                fits = spacing >= style.size * 2.6
            }
            if fits { break }
            step = NiceTicks.step(after: step)
        }
        return scale
    }

    /// The scale for one step.
    private static func make(_ axis: AxisModel, step: Double) -> AxisScale {
        let range = axis.widens ? NiceTicks.expanded(axis.range, step: step) : axis.range
        let ticks = NiceTicks.values(in: range, step: step)
        return AxisScale(range: range, ticks: ticks, labels: NiceTicks.labels(for: ticks, step: step))
    }
}
