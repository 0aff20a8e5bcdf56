#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Number formatting and axis ticks for charts, written out by hand so the SVG is the same byte for byte
/// on every machine and locale.
enum ChartNumber {
    /// `value` with at most `decimals` fraction digits, trailing zeros dropped, never in exponent form.
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<max(0, min(decimals, 9)) { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9e15 else { return String(Int64(value.rounded())) }
        let whole = Int64(abs(scaled))
        let unit = Int64(scale)
        var text = String(whole / unit)
        var fraction = String(whole % unit)
        if unit > 1 {
            fraction = String(repeating: "0", count: String(unit).count - 1 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return scaled < 0 ? "-" + text : text
    }

    /// A coordinate in the SVG (two decimals).
    static func coordinate(_ value: Double) -> String { format(value, decimals: 2) }

    /// Evenly spaced round tick values covering `low...high` (about `count` of them), and their step.
    static func ticks(from low: Double, to high: Double, count: Int = 5) -> (values: [Double], step: Double) {
        var low = low
        var high = high
        if high - low < 1e-12 {
            low -= low == 0 ? 1 : abs(low) * 0.1
            high += high == 0 ? 1 : abs(high) * 0.1
        }
        let raw = (high - low) / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        let step = nice * magnitude
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        return (values, step)
    }

    /// A tick label: as many decimals as the step needs, with k/M/G for large values.
    static func label(_ value: Double, step: Double, largest: Double) -> String {
        let (divisor, suffix): (Double, String) =
            largest >= 1e9 ? (1e9, "G") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
        let scaledStep = step / divisor
        let decimals = scaledStep >= 1 ? 0 : Int(-(log10(scaledStep)).rounded(.down))
        let text = format(value / divisor, decimals: min(decimals, 6))
        return text == "0" || text == "-0" ? "0" : text + suffix
    }
}
