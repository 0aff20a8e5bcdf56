import Model
import StorePort

extension PostgresTransaction {
    private static let usageColumns = """
        workflow_id, phase, attempt, agent, subagent, provider, model, message_id, input_tokens, output_tokens,
        cache_creation_tokens, cache_read_tokens, cost_usd, timestamp, reported_cost_usd
        """

    /// Records a billed message; false when the workflow already has a row with its message id (charged once).
    @discardableResult
    func insert(_ usage: inout TokenUsageRecord) throws -> Bool {
        let rows = try db.query(
            """
            INSERT INTO token_usage (\(Self.usageColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            [
                usage.workflowId.postgresText, usage.phase?.rawValue.postgresText ?? nil, usage.attempt.postgresText,
                usage.agent.postgresText, usage.subagent.postgresText, usage.provider.postgresText,
                usage.model.postgresText, usage.messageId.postgresText, usage.usage.input.postgresText,
                usage.usage.output.postgresText, usage.usage.cacheCreation.postgresText,
                usage.usage.cacheRead.postgresText, usage.costUSD.postgresText, usage.timestamp.postgresText,
                usage.reportedCostUSD.postgresText,
            ])
        guard let id = try rows.first?.optionalInt64("id") else { return false }
        usage.id = id
        return true
    }

    /// The ledger of a workflow, oldest first.
    func usage(workflowID: String) throws -> [TokenUsageRecord] {
        try db.query(
            "SELECT id, \(Self.usageColumns) FROM token_usage WHERE workflow_id = $1 ORDER BY id", [workflowID]
        ).map { row in
            var record = TokenUsageRecord(
                workflowID: try row.string("workflow_id"), phase: try row.optionalValue("phase", as: Phase.self),
                attempt: try row.optionalInt("attempt"), agent: try row.optionalString("agent"),
                subagent: try row.optionalString("subagent"), provider: try row.optionalString("provider"),
                model: try row.optionalString("model"), messageID: try row.optionalString("message_id"),
                usage: TokenUsage(
                    input: try row.int("input_tokens"), output: try row.int("output_tokens"),
                    cacheCreation: try row.int("cache_creation_tokens"), cacheRead: try row.int("cache_read_tokens")),
                costUSD: try row.optionalString("cost_usd"),
                reportedCostUSD: try row.optionalString("reported_cost_usd"), timestamp: try row.int64("timestamp"))
            record.id = try row.optionalInt64("id")
            return record
        }
    }

    /// Sets (or replaces) the limit of one budget level.
    func setBudget(_ budget: BudgetRecord) throws {
        try db.query(
            """
            INSERT INTO budgets (workflow_id, scope, limit_tokens, limit_usd, share) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (workflow_id, scope) DO UPDATE SET limit_tokens = excluded.limit_tokens,
            limit_usd = excluded.limit_usd, share = excluded.share
            """,
            [
                budget.workflowId.postgresText, budget.scope.postgresText, budget.limitTokens.postgresText,
                budget.limitUSD.postgresText, budget.share.postgresText,
            ])
    }

    /// Every budget limit set for a workflow.
    func budgets(workflowID: String) throws -> [BudgetRecord] {
        try db.query(
            "SELECT workflow_id, scope, limit_tokens, limit_usd, share FROM budgets WHERE workflow_id = $1 ORDER BY scope",
            [workflowID]
        ).map { row in
            BudgetRecord(
                workflowID: try row.string("workflow_id"), scope: try row.string("scope"),
                limitTokens: try row.optionalInt("limit_tokens"), limitUSD: try row.optionalString("limit_usd"),
                share: try row.optionalString("share"))
        }
    }
}
