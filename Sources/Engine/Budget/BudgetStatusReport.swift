import Model
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `budget status` and `budget/status` return: every budget level of a workflow, spent against its limit.
public struct BudgetStatusReport: Sendable, Encodable {
    /// One level of the tree.
    public struct Level: Sendable, Encodable {
        /// `workflow`, `phase:qa`, `agent:qa/qa`, `subagent:qa/qa/qa.unit`.
        public var scope: String
        public var phase: Phase?
        public var agent: String?
        public var subagent: String?
        /// Nil when the level has no token limit of its own.
        public var limitTokens: Int?
        public var limitUSD: Decimal?
        public var spentTokens: Int
        public var spentUSD: Decimal
        public var remainingTokens: Int?
        public var remainingUSD: Decimal?
    }

    public var workflow: String
    public var levels: [Level]

    init(workflow: String, statuses: [BudgetLevelStatus]) {
        self.workflow = workflow
        levels = statuses.map { status in
            var level = Level(
                scope: BudgetScopeName.name(of: status.level), limitTokens: status.limit.tokens,
                limitUSD: status.limit.usd, spentTokens: status.spent.tokens, spentUSD: status.spent.usd,
                remainingTokens: status.remaining.tokens, remainingUSD: status.remaining.usd)
            switch status.level {
            case .workflow: break
            case .phase(let phase): level.phase = phase
            case .agent(let phase, let agent):
                level.phase = phase
                level.agent = agent
            case .subagent(let phase, let agent, let subagent):
                level.phase = phase
                level.agent = agent
                level.subagent = subagent
            }
            return level
        }
    }
}

/// What `budget report` and `budget/report` return: the ledger by phase, agent and model, with costs.
public struct BudgetUsageReport: Sendable, Encodable {
    public var workflow: String
    public var report: UsageReport
}

/// A workflow's token totals, as `run status` and `workflow/status` show them.
public struct TokenTotals: Sendable, Codable, Hashable {
    public var calls: Int
    public var usage: TokenUsage
    /// Every prompt and completion token.
    public var total: Int
    /// USD of the priced calls.
    public var costUSD: Decimal
    /// Calls whose model has no price (their cost is not in `costUSD`).
    public var unpricedCalls: Int
}
