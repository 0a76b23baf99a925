@testable import Plots
import Testing

@Suite("Colours, formats and grid shapes")
struct PaletteTests {
    /// Whether two colours agree to half an 8-bit step.
    func close(_ a: Color, _ b: Color) -> Bool {
        abs(a.red - b.red) < 0.002 && abs(a.green - b.green) < 0.002 && abs(a.blue - b.blue) < 0.002
    }

    @Test("viridis runs from dark purple through teal to yellow")
    func viridis() {
        #expect(viridisTable.count == 256)
        #expect(close(ColorMap.viridis.color(at: 0), Color(hex: 0x440154)))
        #expect(close(ColorMap.viridis.color(at: 1), Color(hex: 0xFDE725)))
        #expect(close(ColorMap.viridis.color(at: 128.0 / 255), Color(hex: 0x21918C)))
        #expect(close(ColorMap.viridis.color(at: -3), Color(hex: 0x440154)))
        #expect(close(ColorMap.viridis.color(at: .nan), Color(hex: 0x440154)))
        let luminances = stride(from: 0.0, through: 1, by: 0.05).map { ColorMap.viridis.color(at: $0).luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("the diverging map is blue below, near white at the centre and red above")
    func diverging() {
        let low = ColorMap.diverging.color(at: 0)
        let middle = ColorMap.diverging.color(at: 0.5)
        let high = ColorMap.diverging.color(at: 1)
        #expect(low.blue > low.red)
        #expect(high.red > high.blue)
        #expect(middle.luminance > 0.9)
    }

    @Test("palettes cycle and never fail")
    func palettes() {
        #expect(CategoricalPalette.okabeIto.color(at: 0) == Color(hex: 0x0072B2))
        #expect(CategoricalPalette.okabeIto.color(at: 8) == CategoricalPalette.okabeIto.color(at: 0))
        #expect(CategoricalPalette.tableau10.colors.count == 10)
        #expect(CategoricalPalette(colors: []).color(at: 3) == .black)
    }

    @Test("the format comes from the extension, case-insensitively")
    func formats() throws {
        #expect(try OutputFormat(path: "out/fig.PNG") == .png)
        #expect(try OutputFormat(path: "fig.svg") == .svg)
        #expect(try OutputFormat(path: "/tmp/a.b/fig.pdf") == .pdf)
        #expect(throws: PlotError.unknownFormat("")) { try OutputFormat(path: "/tmp/a.b/figure") }
        #expect(throws: PlotError.unknownFormat("jpg")) { try OutputFormat(path: "figure.jpg") }
    }

    @Test("ten panels take a 5×2 or 4×3 grid, never a whole empty row")
    func gridShapes() {
        let wide = GridShape.automatic(panels: 10, width: 460, height: 150, aspect: 1.5)
        #expect(wide == GridShape(panels: 10, columns: 5))
        let page = GridShape.automatic(panels: 10, width: 460, height: 520, aspect: 1.5)
        #expect([GridShape(panels: 10, columns: 2), GridShape(panels: 10, columns: 3),
                 GridShape(panels: 10, columns: 4)].contains(page))
        for panels in 1...30 {
            let shape = GridShape.automatic(panels: panels, width: 460, height: 400, aspect: 1.5)
            #expect(shape.rows * shape.columns - panels < shape.columns)
        }
        #expect(GridShape(panels: 3, columns: 8) == GridShape(panels: 3, columns: 3))
        #expect(FigureLayout.letter(0) == "A" && FigureLayout.letter(25) == "Z" && FigureLayout.letter(26) == "AA")
    }
}
