#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A provider's own cost figure for a run of several messages (claude-code's `total_cost_usd`), spread over those
/// messages so the ledger keeps one figure per message beside the price table's.
///
/// The spread follows the price table's cost of each message when the table prices them all, else their tokens,
/// and the shares add up to the figure exactly: sums by phase and agent (a run belongs to one agent) are what the
/// provider reported; a sum by model is the provider's figure split as the table would split it.
public enum ReportedCost {
    /// Digits after the point a share keeps at least; more when the provider's figure has more, so the shares add up
    /// to it exactly (claude-code prints a double's every digit: `0.123456789012345678`).
    static let minimumPlaces = 12

    /// Each message's share of `total`, in the order of `tableCosts` and `tokens` (one of each per message).
    public static func shares(of total: Decimal, tableCosts: [Decimal?], tokens: [Int]) -> [Decimal] {
        guard !tableCosts.isEmpty else { return [] }
        let priced = tableCosts.compactMap { $0 }
        let weights: [Decimal] =
            priced.count == tableCosts.count && priced.contains(where: { $0 > 0 })
            ? priced : tokens.map { Decimal(Swift.max(0, $0)) }
        let claims =
            weights.contains(where: { $0 > 0 })
            ? weights.map { Apportionment.Claim.weight($0) } : weights.map { _ in Apportionment.Claim.weight(1) }
        let written = total.description.split(separator: ".").dropFirst().first?.count ?? 0
        let places = Swift.min(30, Swift.max(Self.minimumPlaces, written))
        return Apportionment.split(total, claims: claims, places: places).map { $0 ?? 0 }
    }

    /// How far a provider's figure is from the price table's, in percent of the table's (positive: it reported
    /// more), rounded to one decimal; nil when the table's is zero.
    public static func differencePercent(reported: Decimal, table: Decimal) -> Decimal? {
        guard table != 0 else { return nil }
        return ((reported - table) * 100 / table).rounded(toPlaces: 1, .toNearestOrAwayFromZero)
    }

    /// The difference past which `budget report` names a disagreement: 1%.
    public static let disagreementThresholdPercent: Decimal = 1
}
