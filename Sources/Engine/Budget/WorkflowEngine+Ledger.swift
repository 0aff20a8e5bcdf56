import Config
import Model
import Store
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension WorkflowEngine {
    /// The prices a workspace uses: the built-in table, with `prices.json` in the workspace laid over it.
    func priceTable() throws(EngineError) -> PriceTable {
        let path = layout.root + "/prices.json"
        guard let data = FileManager.default.contents(atPath: path) else { return .builtin }
        do {
            return try PriceTable.builtin.merging(overrides: String(decoding: data, as: UTF8.self))
        } catch {
            throw EngineError(.invalidState, "prices.json: \(error)", file: path)
        }
    }

    /// The workflow's budget plan: the intake's limits split over its phases and agents, then every `budget set`.
    func budgetPlan(of workflow: WorkflowRecord, plan: WorkflowPlan, in tx: StoreTransaction) throws -> BudgetPlan {
        let constraints = plan.intake.constraints
        var budget = BudgetPlan(
            workflow: BudgetLimit(tokens: constraints?.budgetTokens, usd: constraints?.budgetUSD),
            phases: plan.phases.map(\.phase),
            agents: Dictionary(plan.phases.map { ($0.phase, $0.agents) }, uniquingKeysWith: { first, _ in first }))
        for record in try tx.budgets(workflowID: workflow.id) {
            guard let level = BudgetScopeName.level(record.scope) else { continue }
            if let share = record.share.flatMap({ Decimal(string: $0) }) {
                budget.setShare(share, for: level)
                continue
            }
            budget.set(
                BudgetLimit(tokens: record.limitTokens, usd: record.limitUSD.flatMap { Decimal(string: $0) }),
                for: level)
        }
        return budget
    }

    /// The workflow's ledger as the token reports read it.
    static func ledger(of workflowID: String, in tx: StoreTransaction) throws -> [LedgerEntry] {
        try tx.usage(workflowID: workflowID).compactMap { record in
            guard let phase = record.phase.flatMap(Phase.init(rawValue:)) else { return nil }
            return LedgerEntry(
                workflowID: record.workflowId, phase: phase, agent: record.agent ?? "", subagent: record.subagent,
                provider: record.provider ?? "", model: record.model ?? "", messageID: record.messageId ?? "",
                usage: record.usage, costUSD: record.costUSD.flatMap { Decimal(string: $0) },
                time: Date(timeIntervalSince1970: Double(record.timestamp) / 1000))
        }
    }

    /// Records one billed message; false when the workflow already charged its message id.
    func recordUsage(_ record: TokenUsageRecord) async throws(EngineError) -> Bool {
        try await commit { tx, _ in
            var stored = record
            return try tx.insert(&stored)
        }
    }

    /// Stores and publishes a soft-threshold warning.
    func recordBudgetWarning(_ warning: BudgetWarning, scope: SpendScope) async {
        let now = clock.nowMilliseconds()
        try? await commit { tx, published in
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: scope.workflowID, kind: .budgetWarning, timestamp: now, phase: scope.phase,
                        attempt: scope.attempt, agent: scope.subagent ?? scope.agent, message: warning.description)))
        }
    }

    /// The budget hook of one run: the plan and what the ledger says was spent, so far.
    func runBudget(for workflow: WorkflowRecord, plan: WorkflowPlan) throws(EngineError) -> LedgerBudget {
        let prices = try priceTable()
        let (budget, entries) = try read { tx in
            (try self.budgetPlan(of: workflow, plan: plan, in: tx), try Self.ledger(of: workflow.id, in: tx))
        }
        let account = BudgetAccount(
            plan: budget, spent: LedgerEntry.spentByLevel(LedgerEntry.deduplicated(entries).entries))
        let limited =
            budget.workflow.tokens != nil || budget.workflow.usd != nil
            || budget.phases.contains { $0.allocation != nil || $0.agents.contains { $0.allocation != nil } }
        return LedgerBudget(engine: self, account: account, prices: prices, enforcesLimits: limited)
    }
}
