import Model

extension StoreTransaction {
    private static let usageColumns = """
        workflow_id, phase, attempt, agent, subagent, provider, model, message_id, input_tokens, output_tokens,
        cache_creation_tokens, cache_read_tokens, cost_usd, timestamp
        """

    /// Records a billed message; false when the workflow already has a row with its message id (charged once).
    @discardableResult
    public func insert(_ usage: inout TokenUsageRecord) throws -> Bool {
        let rows = try db.query(
            """
            INSERT INTO token_usage (\(Self.usageColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            [
                usage.workflowId.sqliteValue, usage.phase.sqliteValue, usage.attempt.sqliteValue,
                usage.agent.sqliteValue, usage.subagent.sqliteValue, usage.provider.sqliteValue,
                usage.model.sqliteValue, usage.messageId.sqliteValue, usage.usage.input.sqliteValue,
                usage.usage.output.sqliteValue, usage.usage.cacheCreation.sqliteValue,
                usage.usage.cacheRead.sqliteValue, usage.costUSD.sqliteValue, usage.timestamp.sqliteValue,
            ])
        guard let id = rows.first?.optionalInt64(0) else { return false }
        usage.id = id
        return true
    }

    /// The ledger of a workflow, oldest first.
    public func usage(workflowID: String) throws -> [TokenUsageRecord] {
        try db.query(
            "SELECT id, \(Self.usageColumns) FROM token_usage WHERE workflow_id = ? ORDER BY id", [.text(workflowID)]
        ).map { row in
            var record = TokenUsageRecord(
                workflowID: row.string(1), phase: row.optionalString(2), attempt: row.optionalInt64(3).map(Int.init),
                agent: row.optionalString(4), subagent: row.optionalString(5), provider: row.optionalString(6),
                model: row.optionalString(7), messageID: row.optionalString(8),
                usage: TokenUsage(
                    input: row.int(9), output: row.int(10), cacheCreation: row.int(11), cacheRead: row.int(12)),
                costUSD: row.optionalString(13), timestamp: row.int64(14))
            record.id = row.optionalInt64(0)
            return record
        }
    }

    /// Sets (or replaces) the limit of one budget level.
    public func setBudget(_ budget: BudgetRecord) throws {
        try db.query(
            """
            INSERT INTO budgets (workflow_id, scope, limit_tokens, limit_usd, share) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workflow_id, scope) DO UPDATE SET limit_tokens = excluded.limit_tokens,
            limit_usd = excluded.limit_usd, share = excluded.share
            """,
            [
                budget.workflowId.sqliteValue, budget.scope.sqliteValue, budget.limitTokens.sqliteValue,
                budget.limitUSD.sqliteValue, budget.share.sqliteValue,
            ])
    }

    /// Every budget limit set for a workflow.
    public func budgets(workflowID: String) throws -> [BudgetRecord] {
        try db.query(
            "SELECT workflow_id, scope, limit_tokens, limit_usd, share FROM budgets WHERE workflow_id = ? ORDER BY scope",
            [.text(workflowID)]
        ).map { row in
            BudgetRecord(
                workflowID: row.string(0), scope: row.string(1), limitTokens: row.optionalInt64(2).map(Int.init),
                limitUSD: row.optionalString(3), share: row.optionalString(4))
        }
    }
}
