import Model

/// One billed model message in the token ledger.
public struct TokenUsageRecord: Sendable, Hashable {
    public var id: Int64?
    public var workflowId: String
    public var phase: Phase?
    public var attempt: Int?
    public var agent: String?
    public var subagent: String?
    public var provider: String?
    public var model: String?
    /// The provider's message id; a second row with the same id in a workflow is not stored.
    public var messageId: String?
    public var usage: TokenUsage
    /// USD from the price table, as a decimal string; nil when the model has no price.
    public var costUSD: String?
    /// The provider's own figure for this message (its share of claude-code's `total_cost_usd`), as a decimal
    /// string; nil when the provider reported none.
    public var reportedCostUSD: String?
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64

    public init(
        workflowID: String, phase: Phase?, attempt: Int?, agent: String?, subagent: String?, provider: String?,
        model: String?, messageID: String?, usage: TokenUsage, costUSD: String?, reportedCostUSD: String? = nil,
        timestamp: Int64
    ) {
        self.workflowId = workflowID
        self.phase = phase
        self.attempt = attempt
        self.agent = agent
        self.subagent = subagent
        self.provider = provider
        self.model = model
        self.messageId = messageID
        self.usage = usage
        self.costUSD = costUSD
        self.reportedCostUSD = reportedCostUSD
        self.timestamp = timestamp
    }
}

/// A budget limit set for one level of a workflow (`workflow`, `phase:qa`, `agent:qa/qa`).
public struct BudgetRecord: Sendable, Hashable {
    public var workflowId: String
    public var scope: String
    public var limitTokens: Int?
    /// USD as a decimal string.
    public var limitUSD: String?
    /// A fraction of the parent level's budget as a decimal string (`0.3`), instead of fixed limits.
    public var share: String?

    public init(workflowID: String, scope: String, limitTokens: Int?, limitUSD: String?, share: String? = nil) {
        self.workflowId = workflowID
        self.scope = scope
        self.limitTokens = limitTokens
        self.limitUSD = limitUSD
        self.share = share
    }
}
