import Config
import JSON
import Model
import Store
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension WorkflowEngine {
    /// Every budget level of a workflow: its limit (phases with what earlier phases left them), spent, remaining.
    public func budgetStatus(workflowID: String?) async throws(EngineError) -> BudgetStatusReport {
        let (workflow, budget, entries) = try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            let plan = try self.plan(of: workflow)
            return (
                workflow, try self.budgetPlan(of: workflow, plan: plan, in: tx),
                try Self.ledger(of: workflow.id, in: tx)
            )
        }
        let account = BudgetAccount(
            plan: budget, spent: LedgerEntry.spentByLevel(LedgerEntry.deduplicated(entries).entries))
        return BudgetStatusReport(workflow: workflow.id, statuses: await account.status())
    }

    /// Sets a limit for the workflow, a phase, or an agent (in `phase`, or in every phase it serves); or gives a
    /// phase or agent a share (percent) of its parent's budget instead.
    public func setBudget(
        workflowID: String?, tokens: Int?, usd: Decimal?, phase: Phase?, agent: String?, sharePercent: Decimal? = nil
    ) async throws(EngineError) -> BudgetStatusReport {
        guard tokens != nil || usd != nil || sharePercent != nil else {
            throw EngineError(.invalidState, "give a limit: --max-tokens N and/or --usd X, or --share PERCENT")
        }
        if let sharePercent {
            guard tokens == nil && usd == nil else {
                throw EngineError(.invalidState, "--share replaces fixed limits: give it alone")
            }
            guard phase != nil || agent != nil else {
                throw EngineError(.invalidState, "--share applies to a phase or an agent (--phase, --agent)")
            }
            guard sharePercent > 0 && sharePercent <= 100 else {
                throw EngineError(.invalidState, "--share must be more than 0 and at most 100, got \(sharePercent)")
            }
        }
        if let tokens, tokens < 0 { throw EngineError(.invalidState, "--max-tokens must be 0 or more, got \(tokens)") }
        if let usd, usd < 0 { throw EngineError(.invalidState, "--usd must be 0 or more, got \(usd)") }
        let workflow = try read { tx in try self.workflow(workflowID, in: tx) }
        let plan = try self.plan(of: workflow)
        var levels: [BudgetLevel] = []
        switch (phase, agent) {
        case (nil, nil): levels = [.workflow]
        case (let phase?, nil):
            guard plan.plan(for: phase) != nil else {
                throw EngineError(.invalidState, "workflow \(workflow.id) does not run the \(phase.rawValue) phase")
            }
            levels = [.phase(phase)]
        case (let phase, let agent?):
            let phases = plan.phases.filter { ($0.phase == phase || phase == nil) && $0.agents.contains(agent) }
            guard !phases.isEmpty else {
                let place = phase.map { "the \($0.rawValue) phase" } ?? "any phase"
                throw EngineError(.invalidState, "agent '\(agent)' does not run in \(place) of \(workflow.id)")
            }
            levels = phases.map { .agent($0.phase, agent) }
        }
        try await commit { [levels, sharePercent] tx, _ in
            for level in levels {
                let existing = try tx.budgets(workflowID: workflow.id).first {
                    $0.scope == BudgetScopeName.name(of: level)
                }
                if let sharePercent {
                    try tx.setBudget(
                        BudgetRecord(
                            workflowID: workflow.id, scope: BudgetScopeName.name(of: level), limitTokens: nil,
                            limitUSD: nil, share: "\(sharePercent / 100)"))
                    continue
                }
                try tx.setBudget(
                    BudgetRecord(
                        workflowID: workflow.id, scope: BudgetScopeName.name(of: level),
                        limitTokens: tokens ?? existing?.limitTokens,
                        limitUSD: usd.map { "\($0)" } ?? existing?.limitUSD))
            }
            var inputs: [String: JSONValue] = ["levels": .array(levels.map { .string(BudgetScopeName.name(of: $0)) })]
            if let tokens { inputs["max_tokens"] = .integer(Int64(tokens)) }
            if let usd { inputs["usd"] = .string("\(usd)") }
            if let sharePercent { inputs["share_percent"] = .string("\(sharePercent)") }
            try self.audit.append(
                tx, workflow: workflow.id, phase: phase, action: .budgetChanged, inputs: .object(inputs), outcome: "set"
            )
        }
        return try await budgetStatus(workflowID: workflow.id)
    }

    /// The ledger of a workflow by phase, agent and model, with costs from the price table.
    public func budgetReport(workflowID: String?) throws(EngineError) -> BudgetUsageReport {
        let (workflow, entries) = try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            return (workflow, try Self.ledger(of: workflow.id, in: tx))
        }
        return BudgetUsageReport(workflow: workflow.id, report: UsageReport(entries: entries))
    }

    /// Token totals of a workflow from its ledger.
    static func tokenTotals(of workflowID: String, in tx: StoreTransaction) throws -> TokenTotals {
        let total = UsageReport(entries: try ledger(of: workflowID, in: tx)).total
        return TokenTotals(
            calls: total.calls, usage: total.usage, total: total.usage.total, costUSD: total.costUSD,
            unpricedCalls: total.unpricedCalls)
    }
}
