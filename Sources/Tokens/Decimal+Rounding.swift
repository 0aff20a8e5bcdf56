#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How `Decimal.rounded(toPlaces:_:)` resolves digits it drops.
enum DecimalRoundingRule {
    /// Toward negative infinity (a floor).
    case down
    /// Toward positive infinity (a ceiling).
    case up
    /// To the nearest value, a tie away from zero (how a price list rounds).
    case toNearestOrAwayFromZero
}

extension Decimal {
    /// This value rounded to `places` digits after the point.
    ///
    /// FoundationEssentials has no public `NSDecimalRound`, so this works on the plain decimal text `description`
    /// prints (never exponent notation), then adds one unit in the last place when the rule asks for it: both steps
    /// are exact, so no binary floating point is involved.
    func rounded(toPlaces places: Int, _ rule: DecimalRoundingRule) -> Decimal {
        guard !self.isNaN else { return self }
        let places = Swift.max(0, places)
        let negative = self < 0
        let text = (negative ? -self : self).description
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? parts[1] : ""
        let kept = fraction.prefix(places)
        let dropped = fraction.dropFirst(places)
        let truncatedText = kept.isEmpty ? whole : whole + "." + kept
        guard var magnitude = Decimal(string: truncatedText) else { return self }
        let hasRemainder = dropped.contains { $0 != "0" }
        let bump: Bool
        switch rule {
        case .down: bump = negative && hasRemainder
        case .up: bump = !negative && hasRemainder
        case .toNearestOrAwayFromZero: bump = dropped.first.map { $0 >= "5" } ?? false
        }
        if bump { magnitude += Decimal(sign: .plus, exponent: -places, significand: 1) }
        return negative ? -magnitude : magnitude
    }

    /// The whole number this value rounds to under `rule`, or nil when it does not fit in an `Int`.
    func integer(_ rule: DecimalRoundingRule) -> Int? {
        Int(self.rounded(toPlaces: 0, rule).description)
    }
}

/// Number formats for messages and tables, fixed rather than locale-dependent so output is the same everywhere.
enum AmountText {
    /// A token count with thousands separators: `12,000`.
    static func tokens(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// Dollars rounded to four decimals, showing at least `minimumPlaces`: `$5.00`, `$0.0042`, `$1,234.5678`.
    ///
    /// Four places because a single small call costs fractions of a cent; two at least because it is money.
    static func usd(_ value: Decimal, minimumPlaces: Int = 2) -> String {
        let rounded = value.rounded(toPlaces: 4, .toNearestOrAwayFromZero)
        let negative = rounded < 0
        let parts = (negative ? -rounded : rounded).description.split(separator: ".", maxSplits: 1)
        let whole = Int(parts.first ?? "0").map { tokens($0) } ?? String(parts.first ?? "0")
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < minimumPlaces { fraction.append("0") }
        return (negative ? "-$" : "$") + whole + "." + fraction
    }
}
