import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One model call as the ledger records it: who made it, on which model, what it used and cost, and when.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// The workflow the call belongs to.
    public var workflowID: String
    /// The phase it ran in.
    public var phase: Phase
    /// The agent that made it.
    public var agent: String
    /// The subagent that made it, if one did.
    public var subagent: String?
    /// The provider (`anthropic`, `claude-code`, `offline`).
    public var provider: String
    /// The model id the provider reported.
    public var model: String
    /// The provider's message id: a call is charged once per id, however often it is reported.
    public var messageID: String
    /// The tokens it used.
    public var usage: TokenUsage
    /// Its cost in US dollars from the price table, or `nil` when the model is unpriced (reports count such calls
    /// separately).
    public var costUSD: Decimal?
    /// Its share of the cost the provider itself reported (claude-code's `total_cost_usd`), when it reported one.
    public var reportedCostUSD: Decimal?
    /// When it finished.
    public var time: Date

    /// Creates an entry.
    public init(
        workflowID: String, phase: Phase, agent: String, subagent: String? = nil, provider: String, model: String,
        messageID: String, usage: TokenUsage, costUSD: Decimal?, reportedCostUSD: Decimal? = nil, time: Date
    ) {
        self.workflowID = workflowID
        self.phase = phase
        self.agent = agent
        self.subagent = subagent
        self.provider = provider
        self.model = model
        self.messageID = messageID
        self.usage = usage
        self.costUSD = costUSD
        self.reportedCostUSD = reportedCostUSD
        self.time = time
    }

    /// The budget level the call is charged to.
    public var budgetLevel: BudgetLevel {
        if let subagent { return .subagent(self.phase, self.agent, subagent) }
        return .agent(self.phase, self.agent)
    }

    /// `entries` with every repeated message id dropped (the first report of an id is kept), and how many were.
    ///
    /// A streamed message can be reported more than once (a retried read, a provider echoing it); charging each
    /// report would count the same tokens twice.
    public static func deduplicated(_ entries: [LedgerEntry]) -> (entries: [LedgerEntry], duplicates: Int) {
        var seen: Set<String> = []
        let unique = entries.filter { seen.insert($0.messageID).inserted }
        return (unique, entries.count - unique.count)
    }

    /// The dollars a budget charges for the call: the price table's, else the provider's own figure (see README,
    /// "Tokens and budgets"), else nothing (an unpriced call with no figure is flagged, never guessed).
    public var chargedUSD: Decimal { self.costUSD ?? self.reportedCostUSD ?? 0 }

    /// What `entries` spent by the level each was charged to (deduplicated): the seed of a `BudgetAccount`.
    public static func spentByLevel(_ entries: [LedgerEntry]) -> [BudgetLevel: BudgetAmount] {
        var totals: [BudgetLevel: BudgetAmount] = [:]
        for entry in deduplicated(entries).entries {
            let amount = BudgetAmount(tokens: entry.usage.total, usd: entry.chargedUSD)
            totals[entry.budgetLevel] = (totals[entry.budgetLevel] ?? .zero) + amount
        }
        return totals
    }
}
