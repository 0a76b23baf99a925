import CCairo
import Foundation

/// How a text's anchor point relates to it horizontally.
enum HorizontalAnchor {
    case left, center, right
}

/// How a text's anchor point relates to it vertically: its box top, the middle of its capitals, its
/// baseline or its box bottom.
enum VerticalAnchor {
    case top, middle, baseline, bottom
}

/// A font size, weight and colour for DejaVu Sans.
struct TextStyle: Hashable {
    var size: Double
    var bold = false
    var color = Color(hex: 0x222222)
}

/// The extent of a one-line text: its advance width and the font's ascent and descent.
struct TextBox {
    var width: Double
    var ascent: Double
    var descent: Double
    var height: Double { ascent + descent }
}

/// Drawing primitives on a Cairo context in figure points, the same for PNG, SVG and PDF surfaces.
///
/// Text uses Cairo's toy API with DejaVu Sans, unhinted so that measured widths do not depend on the
/// output format or resolution.
final class Canvas {
    /// The Cairo context, owned by the caller.
    let cr: OpaquePointer

    /// A canvas on a context whose user space is in figure points.
    init(_ cr: OpaquePointer) {
        self.cr = cr
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    }

    // MARK: Text

    /// The box of `text` set in `style`.
    func measure(_ text: String, _ style: TextStyle) -> TextBox {
        select(style)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        return TextBox(width: extents.x_advance, ascent: font.ascent, descent: font.descent)
    }

    /// The height of `style`'s capitals, for centring labels on ticks.
    func capHeight(_ style: TextStyle) -> Double {
        select(style)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, "H", &extents)
        return -extents.y_bearing
    }

    /// Draws `text` so that its anchor lies at `point`, turned by `angle` radians (clockwise) about it.
    func draw(_ text: String, at point: Point, _ style: TextStyle, horizontal: HorizontalAnchor = .left,
              vertical: VerticalAnchor = .baseline, angle: Double = 0) {
        let box = measure(text, style)
        let dx: Double
        switch horizontal {
        case .left: dx = 0
        case .center: dx = -box.width / 2
        case .right: dx = -box.width
        }
        let dy: Double
        switch vertical {
        case .top: dy = box.ascent
        case .middle: dy = capHeight(style) / 2
        case .baseline: dy = 0
        case .bottom: dy = -box.descent
        }
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        cairo_rotate(cr, angle)
        setColor(style.color)
        select(style)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }

    /// `text` shortened with an ellipsis until it is at most `width` wide.
    func fitting(_ text: String, width: Double, _ style: TextStyle) -> String {
        if measure(text, style).width <= width { return text }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingCharacters(in: .whitespaces) + "…"
            if measure(candidate, style).width <= width { return candidate }
        }
        return ""
    }

    // MARK: Shapes

    /// Strokes a polyline.
    func stroke(_ points: [Point], color: Color, width: Double, dash: Dash = .solid, roundCaps: Bool = false) {
        guard let first = points.first, dash != .hidden else { return }
        cairo_new_path(cr)
        cairo_move_to(cr, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(cr, point.x, point.y) }
        setColor(color)
        cairo_set_line_width(cr, width)
        let pattern = dash.pattern(width: width)
        cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
        cairo_set_line_cap(cr, roundCaps || dash == .dotted ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    /// Fills a rectangle.
    func fill(_ rect: Rect, color: Color) {
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        setColor(color)
        cairo_fill(cr)
    }

    /// Strokes a rectangle's outline.
    func strokeRect(_ rect: Rect, color: Color, width: Double) {
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_stroke(cr)
    }

    /// Fills a closed polygon, optionally edged in `edge`.
    func fillPolygon(_ points: [Point], color: Color, edge: Color? = nil, edgeWidth: Double = 0.5) {
        guard let first = points.first else { return }
        cairo_new_path(cr)
        cairo_move_to(cr, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(cr, point.x, point.y) }
        cairo_close_path(cr)
        fillCurrentPath(color: color, edge: edge, edgeWidth: edgeWidth)
    }

    /// Fills a circle, optionally edged in `edge`.
    func fillCircle(center: Point, radius: Double, color: Color, edge: Color? = nil, edgeWidth: Double = 0.5) {
        cairo_new_path(cr)
        cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
        fillCurrentPath(color: color, edge: edge, edgeWidth: edgeWidth)
    }

    /// Fills `rect` with a gradient from `colors.first` at its bottom to `colors.last` at its top.
    func fillVerticalGradient(_ rect: Rect, colors: [Color]) {
        guard colors.count > 1, let pattern = cairo_pattern_create_linear(0, rect.maxY, 0, rect.minY) else { return }
        for (index, color) in colors.enumerated() {
            let offset = Double(index) / Double(colors.count - 1)
            cairo_pattern_add_color_stop_rgba(pattern, offset, color.red, color.green, color.blue, color.alpha)
        }
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_set_source(cr, pattern)
        cairo_fill(cr)
        cairo_pattern_destroy(pattern)
    }

    /// Runs `body` with drawing clipped to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    // MARK: State

    /// Sets the source colour.
    private func setColor(_ color: Color) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
    }

    /// Selects DejaVu Sans in `style`'s size and weight.
    private func select(_ style: TextStyle) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, style.size)
    }

    /// Fills the current path and strokes its edge.
    private func fillCurrentPath(color: Color, edge: Color?, edgeWidth: Double) {
        setColor(color)
        if let edge {
            cairo_fill_preserve(cr)
            setColor(edge)
            cairo_set_line_width(cr, edgeWidth)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }
}
