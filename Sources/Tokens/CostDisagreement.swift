import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An agent's calls whose provider-reported cost differs from the price table's by more than 1%.
///
/// Compared per phase, agent and provider over the calls that have both figures: a provider reports one figure per
/// run and a run belongs to one agent, so both sides cover exactly the same calls.
public struct CostDisagreement: Sendable, Hashable, Codable {
    /// The phase.
    public var phase: Phase
    /// The agent (its subagents' calls included).
    public var agent: String
    /// The provider that reported its own cost.
    public var provider: String
    /// What the price table says those calls cost.
    public var tableCostUSD: Decimal
    /// What the provider said they cost.
    public var reportedCostUSD: Decimal
    /// `(reported − table) / table`, in percent, one decimal.
    public var differencePercent: Decimal

    enum CodingKeys: String, CodingKey {
        case phase, agent, provider
        case tableCostUSD
        case reportedCostUSD
        case differencePercent
    }

    /// The disagreements among `entries` (already deduplicated), in phase, agent, provider order.
    static func find(in entries: [LedgerEntry]) -> [CostDisagreement] {
        struct Key: Hashable {
            var phase: Phase
            var agent: String
            var provider: String
        }
        var sums: [Key: (table: Decimal, reported: Decimal)] = [:]
        for entry in entries {
            guard let table = entry.costUSD, let reported = entry.reportedCostUSD else { continue }
            let key = Key(phase: entry.phase, agent: entry.agent, provider: entry.provider)
            let sum = sums[key] ?? (0, 0)
            sums[key] = (sum.table + table, sum.reported + reported)
        }
        return sums.compactMap { key, sum -> CostDisagreement? in
            guard let percent = ReportedCost.differencePercent(reported: sum.reported, table: sum.table),
                abs(percent) > ReportedCost.disagreementThresholdPercent
            else { return nil }
            return CostDisagreement(
                phase: key.phase, agent: key.agent, provider: key.provider, tableCostUSD: sum.table,
                reportedCostUSD: sum.reported, differencePercent: percent)
        }.sorted { ($0.phase, $0.agent, $0.provider) < ($1.phase, $1.agent, $1.provider) }
    }
}
