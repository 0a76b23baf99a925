/// A continuous colour scale for heatmaps: maps a position in 0…1 to a colour.
public enum ColorMap: Hashable, Sendable {
    /// Viridis: perceptually uniform, colour-blind safe and legible in grey scale; for values such as
    /// similarities in [0, 1]. Dark purple at 0, yellow at 1.
    case viridis
    /// A diverging scale for signed values such as correlations in [−1, 1]: ColorBrewer's RdBu, blue at 0,
    /// near-white at 0.5, red at 1. Colour-blind safe; centre it on zero with a symmetric range.
    case diverging

    /// The colour at `position`, clamped to 0…1 (NaN gives the colour at 0).
    public func color(at position: Double) -> Color {
        let t = position.isNaN ? 0 : min(max(position, 0), 1)
        switch self {
        case .viridis: return Self.interpolate(Self.viridisColors, t)
        case .diverging: return Self.interpolate(Self.divergingColors, t)
        }
    }

    /// Linear interpolation in a table of evenly spaced colours.
    private static func interpolate(_ table: [Color], _ t: Double) -> Color {
        let scaled = t * Double(table.count - 1)
        let index = min(Int(scaled), table.count - 2)
        return table[index].mixed(with: table[index + 1], scaled - Double(index))
    }

    /// The 256 viridis colours.
    private static let viridisColors = viridisTable.map { Color(hex: $0) }

    /// ColorBrewer RdBu with 11 classes, reversed so that low values are blue.
    private static let divergingColors = [
        0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
    ].map { Color(hex: $0) }
}
