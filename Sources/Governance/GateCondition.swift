import Config

/// A metric gate's condition `measured OPERATOR threshold`, and the words a result uses for it.
struct GateCondition: Sendable, Hashable {
    var comparison: GateConfig.Operator
    var threshold: Double

    /// Whether the condition holds for a measured value.
    func holds(_ value: Double) -> Bool {
        switch comparison {
        case .greaterOrEqual: value >= threshold
        case .greater: value > threshold
        case .lessOrEqual: value <= threshold
        case .less: value < threshold
        case .equal: value == threshold
        case .notEqual: value != threshold
        }
    }

    /// The condition as a person reads it, e.g. `>= 80`.
    var requirement: String { "\(comparison.rawValue) \(Self.format(threshold))" }

    /// The end of a result's sentence about `value`, e.g. `is below the threshold: >= 80 required`.
    func verdict(for value: Double) -> String {
        guard !holds(value) else { return "meets the threshold: \(requirement)" }
        let phrase =
            switch comparison {
            case .greaterOrEqual: "is below"
            case .greater: "is not above"
            case .lessOrEqual: "is above"
            case .less: "is not below"
            case .equal: "differs from"
            case .notEqual: "equals"
            }
        return "\(phrase) the threshold: \(requirement) required"
    }

    /// A number as a person writes it: whole numbers without a fraction, others with up to `digits` decimals.
    static func format(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return fixed(value, digits: digits, trimmed: true)
    }

    /// A number with exactly `digits` decimals (`72.0`), or trailing zeros dropped when `trimmed`.
    static func fixed(_ value: Double, digits: Int, trimmed: Bool = false) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let power = Int64(scale)
        let whole = scaled / power
        var fraction = digits > 0 ? String(scaled % power) : ""
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        if trimmed {
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
