/// A vertical colour bar: the gradient of a colour scale with nice ticks and an optional title at its right.
struct ColorBar {
    let scale: ColorScale
    let theme: Theme
    let canvas: Canvas

    /// The horizontal space the bar, its tick labels and its title take, for a bar `height` points tall.
    func width(height: Double) -> Double {
        let axis = self.axis(height: height)
        let labels = axis.labels.map { canvas.measure($0, theme.tick).width }.max() ?? 0
        let title = scale.label != nil ? theme.gap + canvas.measure("Ag", theme.axisTitle).height : 0
        return theme.colorBarWidth + theme.tickLength + theme.pad + labels + title
    }

    /// Draws the gradient in `bar` (low values at the bottom) with ticks, labels and title to its right.
    func draw(in bar: Rect) {
        let colors = (0...64).map { scale.map.color(at: Double($0) / 64) }
        canvas.fillVerticalGradient(bar, colors: colors)
        canvas.strokeRect(bar, color: theme.axisColor, width: theme.axisWidth * 0.6)
        let axis = self.axis(height: bar.height)
        for (tick, label) in zip(axis.ticks, axis.labels) {
            let y = bar.maxY - axis.fraction(tick) * bar.height
            canvas.stroke([Point(x: bar.maxX, y: y), Point(x: bar.maxX + theme.tickLength, y: y)],
                          color: theme.axisColor, width: theme.axisWidth)
            canvas.draw(label, at: Point(x: bar.maxX + theme.tickLength + theme.pad, y: y), theme.tick,
                        horizontal: .left, vertical: .middle)
        }
        if let title = scale.label {
            let labels = axis.labels.map { canvas.measure($0, theme.tick).width }.max() ?? 0
            let x = bar.maxX + theme.tickLength + theme.pad + labels + theme.gap
            canvas.draw(canvas.fitting(title, width: bar.height, theme.axisTitle), at: Point(x: x, y: bar.midY),
                        theme.axisTitle, horizontal: .center, vertical: .top, angle: -Double.pi / 2)
        }
    }

    /// Ticks for a bar this tall: about six at most.
    private func axis(height: Double) -> AxisScale {
        AxisScale.fit(AxisModel(label: nil, range: scale.range, widens: false, labelColor: nil), length: height,
                      horizontal: false, canvas: canvas, style: theme.tick, intervals: 6)
    }
}
