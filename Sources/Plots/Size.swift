/// The size of a figure in points (1/72 inch), with the resolution used when it is rasterised to PNG.
///
/// SVG and PDF are written in points and ignore ``dpi``; a PNG is ``pixelWidth`` × ``pixelHeight`` pixels.
/// Font sizes and line widths are in points too, so a figure looks the same in every format.
public struct Size: Hashable, Sendable {
    /// Width in points.
    public var width: Double
    /// Height in points.
    public var height: Double
    /// Pixels per inch for PNG output.
    public var dpi: Double

    /// A size of `width` × `height` points, rasterised at `dpi` pixels per inch.
    public init(width: Double, height: Double, dpi: Double = 150) {
        self.width = width
        self.height = height
        self.dpi = dpi
    }

    /// A size given in inches.
    public static func inches(width: Double, height: Double, dpi: Double = 150) -> Size {
        Size(width: width * 72, height: height * 72, dpi: dpi)
    }

    /// One chart across a Markdown report or a full-width paper figure: 6.5 × 4 in at 150 dpi (975 × 600 px).
    public static let report = Size.inches(width: 6.5, height: 4)
    /// A grid of small multiples across a report page: 6.5 × 7.5 in at 150 dpi (975 × 1125 px).
    public static let reportGrid = Size.inches(width: 6.5, height: 7.5)
    /// One chart in a single column of a two-column paper: 3.25 × 2.4 in at 300 dpi (975 × 720 px).
    public static let paperColumn = Size.inches(width: 3.25, height: 2.4, dpi: 300)

    /// The PNG width in pixels: the width in inches times ``dpi``, rounded; 0 when that is not a usable number.
    public var pixelWidth: Int { Self.pixels(width * dpi / 72) }
    /// The PNG height in pixels: the height in inches times ``dpi``, rounded; 0 when that is not a usable number.
    public var pixelHeight: Int { Self.pixels(height * dpi / 72) }

    /// Throws unless the size and resolution are usable by Cairo.
    func validate() throws {
        let positive = [width, height, dpi].allSatisfy { $0.isFinite && $0 > 0 }
        guard positive, width <= 32767, height <= 32767, (1...32767).contains(pixelWidth),
              (1...32767).contains(pixelHeight) else {
            throw PlotError.invalidSize(width: width, height: height, dpi: dpi)
        }
    }

    /// A rounded pixel count, or 0 outside 0…1 000 000 000.
    private static func pixels(_ value: Double) -> Int {
        let rounded = value.rounded()
        return rounded >= 0 && rounded <= 1e9 ? Int(rounded) : 0
    }
}
