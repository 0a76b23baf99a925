/// Colours for distinct series, assigned in order and repeated when there are more series than colours.
public struct CategoricalPalette: Hashable, Sendable {
    /// The colours, in the order they are given to series.
    public var colors: [Color]

    /// A palette of the given colours; an empty list draws every series black.
    public init(colors: [Color]) {
        self.colors = colors
    }

    /// The colour for the series at `index` (0-based), cycling through ``colors``.
    public func color(at index: Int) -> Color {
        colors.isEmpty ? .black : colors[((index % colors.count) + colors.count) % colors.count]
    }

    /// Okabe & Ito's colour-blind-safe palette (2008), ordered for lines on white: blue, vermillion,
    /// bluish green, orange, reddish purple, sky blue, yellow, black. The default.
    public static let okabeIto = CategoricalPalette(colors: [
        0x0072B2, 0xD55E00, 0x009E73, 0xE69F00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
    ].map { Color(hex: $0) })

    /// Tableau 10 (2016 revision): ten colours, more than Okabe–Ito, fairly but not fully colour-blind safe.
    public static let tableau10 = CategoricalPalette(colors: [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    ].map { Color(hex: $0) })
}
