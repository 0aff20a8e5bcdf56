#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Splits a parent's limit in one dimension among its children.
enum Apportionment {
    /// What one child asks of the parent.
    enum Claim {
        /// A fixed amount, whatever the parent has.
        case fixed(Decimal)
        /// A fixed fraction of the parent.
        case share(Decimal)
        /// A default weight: weighted children share what fixed amounts and shares leave, in proportion.
        case weight(Decimal)
    }

    /// Each child's amount, in the order of `claims`; `nil` where the child is unlimited.
    ///
    /// Amounts are whole multiples of 10^−`places` (0 for tokens, 6 for dollars), rounded down, and what rounding
    /// leaves of the weighted children's part goes one unit at a time to the largest fractions (ties in order), so
    /// the weighted amounts add up to exactly what was theirs: no token is lost to rounding. With no parent total,
    /// only fixed amounts limit anything.
    static func split(_ total: Decimal?, claims: [Claim], places: Int) -> [Decimal?] {
        guard let total else {
            return claims.map { claim in
                if case .fixed(let amount) = claim { return amount }
                return nil
            }
        }
        var amounts = [Decimal?](repeating: nil, count: claims.count)
        var committed = Decimal(0)
        var weighted: [(index: Int, weight: Decimal)] = []
        for (index, claim) in claims.enumerated() {
            switch claim {
            case .fixed(let amount):
                amounts[index] = amount
                committed += amount
            case .share(let share):
                let amount = (total * share).rounded(toPlaces: places, .down)
                amounts[index] = amount
                committed += amount
            case .weight(let weight):
                weighted.append((index, Swift.max(0, weight)))
            }
        }
        let rest = Swift.max(0, total - committed)
        let totalWeight = weighted.reduce(Decimal(0)) { $0 + $1.weight }
        guard totalWeight > 0 else {
            for (index, _) in weighted { amounts[index] = 0 }
            return amounts
        }
        let unit = Decimal(sign: .plus, exponent: -places, significand: 1)
        var fractions: [(index: Int, fraction: Decimal)] = []
        var given = Decimal(0)
        for (index, weight) in weighted {
            let exact = rest * weight / totalWeight
            let floor = exact.rounded(toPlaces: places, .down)
            amounts[index] = floor
            given += floor
            fractions.append((index, exact - floor))
        }
        let leftoverUnits = ((rest - given) / unit).integer(.down) ?? 0
        let ranked = fractions.enumerated().sorted { left, right in
            left.element.fraction != right.element.fraction
                ? left.element.fraction > right.element.fraction : left.offset < right.offset
        }
        for entry in ranked.prefix(Swift.max(0, leftoverUnits)) {
            amounts[entry.element.index] = (amounts[entry.element.index] ?? 0) + unit
        }
        return amounts
    }
}
