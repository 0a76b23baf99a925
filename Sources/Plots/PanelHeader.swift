/// A panel's header line: its bold letter followed by its title, left-aligned above the plotting area.
struct PanelHeader {
    let letter: String?
    let title: String?
    let theme: Theme
    let canvas: Canvas

    /// The height the header takes above the plotting area, 0 when there is neither letter nor title.
    var height: Double {
        guard letter != nil || title != nil else { return 0 }
        let box = canvas.measure("Ag", letter != nil ? theme.letter : theme.panelTitle)
        return box.height + theme.gap
    }

    /// Draws the header above a plotting area that starts at `left` and `top` and is `width` wide; the title is
    /// shortened with an ellipsis to fit.
    func draw(left: Double, top: Double, width: Double) {
        let baseline = top - theme.gap - canvas.measure("Ag", theme.letter).descent
        var x = left
        if let letter {
            canvas.draw(letter, at: Point(x: x, y: baseline), theme.letter)
            x += canvas.measure(letter, theme.letter).width + theme.base * 0.55
        }
        if let title {
            let fitted = canvas.fitting(title, width: left + width - x, theme.panelTitle)
            canvas.draw(fitted, at: Point(x: x, y: baseline), theme.panelTitle)
        }
    }
}
