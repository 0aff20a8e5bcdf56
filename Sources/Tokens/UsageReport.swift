import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Token usage and cost of ledger entries, totalled by phase, by agent and by model.
///
/// Pure: built from entries, rendered as a table, CSV, or (being `Codable`) JSON. Repeated message ids are
/// charged once.
public struct UsageReport: Sendable, Hashable, Codable {
    /// One line per phase, in phase order.
    public var byPhase: [UsageReportLine]
    /// One line per agent within a phase (subagents count toward their agent), in phase then agent order.
    public var byAgent: [UsageReportLine]
    /// One line per subagent within a phase (its own calls only; its agent's line counts them too), in phase, agent
    /// then subagent order.
    public var bySubagent: [UsageReportLine]
    /// One line per provider and model, sorted by provider then model.
    public var byModel: [UsageReportLine]
    /// Every entry together.
    public var total: UsageReportLine
    /// Entries dropped because their message id had already been seen.
    public var duplicatesIgnored: Int
    /// Agents whose provider-reported cost differs from the price table's by more than 1% (empty when none do).
    public var costDisagreements: [CostDisagreement]

    enum CodingKeys: String, CodingKey {
        case byPhase
        case byAgent
        case bySubagent
        case byModel
        case total
        case duplicatesIgnored
        case costDisagreements
    }

    /// The report of `entries`.
    public init(entries: [LedgerEntry]) {
        let (unique, duplicates) = LedgerEntry.deduplicated(entries)
        self.byPhase = Self.group(unique) { UsageReportLine(phase: $0.phase) }
            .sorted { $0.phase ?? .planning < $1.phase ?? .planning }
        self.byAgent = Self.group(unique) { UsageReportLine(phase: $0.phase, agent: $0.agent) }
            .sorted { ($0.phase ?? .planning, $0.agent ?? "") < ($1.phase ?? .planning, $1.agent ?? "") }
        self.bySubagent = Self.group(unique.filter { $0.subagent != nil }) {
            UsageReportLine(phase: $0.phase, agent: $0.agent, subagent: $0.subagent)
        }.sorted {
            ($0.phase ?? .planning, $0.agent ?? "", $0.subagent ?? "")
                < ($1.phase ?? .planning, $1.agent ?? "", $1.subagent ?? "")
        }
        self.byModel = Self.group(unique) { UsageReportLine(provider: $0.provider, model: $0.model) }
            .sorted { ($0.provider ?? "", $0.model ?? "") < ($1.provider ?? "", $1.model ?? "") }
        var total = UsageReportLine()
        for entry in unique { total.add(entry) }
        self.total = total
        self.duplicatesIgnored = duplicates
        self.costDisagreements = CostDisagreement.find(in: unique)
    }

    /// Totals per key, where `key` makes the empty line that names an entry's group.
    private static func group(
        _ entries: [LedgerEntry], by key: (LedgerEntry) -> UsageReportLine
    )
        -> [UsageReportLine]
    {
        var lines: [UsageReportLine: UsageReportLine] = [:]
        for entry in entries {
            let name = key(entry)
            lines[name, default: name].add(entry)
        }
        return Array(lines.values)
    }
}

/// The totals of one group of ledger entries; the fields that name the group are set, the others `nil`.
public struct UsageReportLine: Sendable, Hashable, Codable {
    /// The phase, when grouped by phase or agent.
    public var phase: Phase?
    /// The agent, when grouped by agent or subagent.
    public var agent: String?
    /// The subagent, when grouped by subagent.
    public var subagent: String?
    /// The provider, when grouped by model.
    public var provider: String?
    /// The model, when grouped by model.
    public var model: String?
    /// Model calls (distinct message ids).
    public var calls: Int
    /// Tokens used, by kind.
    public var usage: TokenUsage
    /// Exact US dollars of the priced calls, from the price table.
    public var costUSD: Decimal
    /// What the provider itself reported for the calls that came with a figure (claude-code); nil when none did.
    public var reportedCostUSD: Decimal?
    /// Calls whose model has no price: their tokens are counted, their cost is not known.
    public var unpricedCalls: Int

    enum CodingKeys: String, CodingKey {
        case phase, agent, subagent, provider, model, calls, usage
        case costUSD
        case reportedCostUSD
        case unpricedCalls
    }

    /// An empty line for the group these fields name.
    public init(
        phase: Phase? = nil, agent: String? = nil, subagent: String? = nil, provider: String? = nil,
        model: String? = nil
    ) {
        self.phase = phase
        self.agent = agent
        self.subagent = subagent
        self.provider = provider
        self.model = model
        self.calls = 0
        self.usage = .zero
        self.costUSD = 0
        self.unpricedCalls = 0
    }

    /// Counts one more entry.
    mutating func add(_ entry: LedgerEntry) {
        self.calls += 1
        self.usage = self.usage + entry.usage
        if let cost = entry.costUSD { self.costUSD += cost } else { self.unpricedCalls += 1 }
        if let reported = entry.reportedCostUSD { self.reportedCostUSD = (self.reportedCostUSD ?? 0) + reported }
    }
}
