/// Draws a bar, line or scatter chart as a standalone SVG document: axes, ticks, grid, labels and title.
///
/// Output depends only on the input (no clock, locale or randomness), so the same data always gives the
/// same bytes, which keeps snapshots and diffs of generated charts quiet.
struct SVGChart: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case bar, line, scatter
    }

    var kind: Kind
    var data: ChartData
    var title: String?
    var xLabel: String
    var yLabel: String
    var width = 640.0
    var height = 400.0

    private static let color = "#4e79a7"
    private var left: Double { 72 }
    private var right: Double { width - 24 }
    private var top: Double { title == nil ? 24 : 52 }
    private var bottom: Double { height - (rotatedLabels ? 100 : 56) }

    /// Category axes (bars, and lines over text x values) place points at evenly spaced band centres.
    private var categorical: Bool { kind == .bar || !data.numericX }
    private var rotatedLabels: Bool {
        categorical && (data.points.count > 8 || data.points.contains { $0.x.label.count > 10 })
    }

    func render() throws(ToolError) -> String {
        if kind == .scatter, !data.numericX {
            let bad = data.points.first { if case .text = $0.x { true } else { false } }
            throw .failed("a scatter chart needs numeric x values; found '\(bad?.x.label ?? "")'")
        }
        var points = data.points
        if kind == .line, data.numericX { points.sort { xNumber($0) < xNumber($1) } }
        let ys = points.map(\.y)
        var low = ys.min() ?? 0
        var high = ys.max() ?? 1
        if kind == .bar {
            low = min(low, 0)
            high = max(high, 0)
        }
        let yTicks = ChartNumber.ticks(from: low, to: high)
        let yLow = yTicks.values.first ?? low
        let yHigh = yTicks.values.last ?? high
        let yLargest = max(abs(yLow), abs(yHigh))
        func yPosition(_ value: Double) -> Double {
            bottom - (value - yLow) / max(yHigh - yLow, 1e-12) * (bottom - top)
        }

        var svg: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
                + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>",
        ]
        if let title {
            svg.append(
                "<text x=\"\(n(width / 2))\" y=\"30\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">"
                    + "\(Self.escape(title))</text>")
        }
        svg.append("<g class=\"y-axis\">")
        for value in yTicks.values {
            let y = n(yPosition(value))
            svg.append("<line x1=\"\(n(left))\" y1=\"\(y)\" x2=\"\(n(right))\" y2=\"\(y)\" stroke=\"#e0e0e0\"/>")
            svg.append(
                "<text x=\"\(n(left - 8))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
                    + "\(ChartNumber.label(value, step: yTicks.step, largest: yLargest))</text>")
        }
        svg.append("</g>")

        var positions: [(x: Double, y: Double)] = []
        svg.append("<g class=\"x-axis\">")
        if categorical {
            let band = (right - left) / Double(max(points.count, 1))
            let every = max(1, points.count / 40)
            for (index, point) in points.enumerated() {
                let x = left + band * (Double(index) + 0.5)
                positions.append((x, yPosition(point.y)))
                guard index % every == 0 else { continue }
                svg.append(xTickLabel(Self.shorten(point.x.label, to: rotatedLabels ? 14 : 18), at: x))
            }
        } else {
            let xs = points.map(xNumber)
            let xTicks = ChartNumber.ticks(from: xs.min() ?? 0, to: xs.max() ?? 1)
            let xLow = xTicks.values.first ?? 0
            let xHigh = xTicks.values.last ?? 1
            func xPosition(_ value: Double) -> Double {
                left + (value - xLow) / max(xHigh - xLow, 1e-12) * (right - left)
            }
            for value in xTicks.values {
                let x = xPosition(value)
                let label = ChartNumber.label(value, step: xTicks.step, largest: max(abs(xLow), abs(xHigh)))
                svg.append(
                    "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(bottom))\" stroke=\"#f0f0f0\"/>")
                svg.append(xTickLabel(label, at: x))
            }
            positions = zip(xs, points).map { (xPosition($0), yPosition($1.y)) }
        }
        svg.append("</g>")
        svg.append(
            "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\" "
                + "stroke=\"#333333\"/>")
        svg.append(
            "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(bottom))\" "
                + "stroke=\"#333333\"/>")
        svg.append(
            "<text x=\"\(n((left + right) / 2))\" y=\"\(n(height - 12))\" text-anchor=\"middle\">"
                + "\(Self.escape(xLabel))</text>")
        svg.append(
            "<text x=\"16\" y=\"\(n((top + bottom) / 2))\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 16 \(n((top + bottom) / 2)))\">\(Self.escape(yLabel))</text>")
        svg += marks(points, positions, baseline: yPosition(max(min(0, yHigh), yLow)))
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private func marks(
        _ points: [ChartData.Point], _ positions: [(x: Double, y: Double)], baseline: Double
    )
        -> [String]
    {
        var svg = ["<g class=\"marks\" fill=\"\(Self.color)\">"]
        let tips = points.map { "<title>\(Self.escape($0.x.label)): \(ChartNumber.format($0.y, decimals: 6))</title>" }
        switch kind {
        case .bar:
            let band = (right - left) / Double(max(points.count, 1))
            for (position, tip) in zip(positions, tips) {
                let top = min(position.y, baseline)
                svg.append(
                    "<rect x=\"\(n(position.x - band * 0.4))\" y=\"\(n(top))\" width=\"\(n(band * 0.8))\" "
                        + "height=\"\(n(abs(baseline - position.y)))\">\(tip)</rect>")
            }
        case .line:
            let line = positions.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
            svg.append("<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(Self.color)\" stroke-width=\"2\"/>")
            for (position, tip) in zip(positions, tips) {
                svg.append("<circle cx=\"\(n(position.x))\" cy=\"\(n(position.y))\" r=\"3\">\(tip)</circle>")
            }
        case .scatter:
            for (position, tip) in zip(positions, tips) {
                svg.append(
                    "<circle cx=\"\(n(position.x))\" cy=\"\(n(position.y))\" r=\"4\" fill-opacity=\"0.75\">"
                        + "\(tip)</circle>")
            }
        }
        svg.append("</g>")
        return svg
    }

    private func xTickLabel(_ label: String, at x: Double) -> String {
        let y = bottom + 18
        if rotatedLabels {
            return "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"end\" transform=\"rotate(-40 \(n(x)) \(n(y)))\">"
                + "\(Self.escape(label))</text>"
        }
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\">\(Self.escape(label))</text>"
    }

    private func xNumber(_ point: ChartData.Point) -> Double {
        if case .number(let value) = point.x { return value }
        return 0
    }

    private func n(_ value: Double) -> String { ChartNumber.coordinate(value) }

    /// Long category labels are cut so they stay clear of the axis title below them.
    static func shorten(_ label: String, to length: Int) -> String {
        label.count > length ? String(label.prefix(length - 1)) + "…" : label
    }

    /// Text and attribute values escaped for XML.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n": escaped += " "
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
