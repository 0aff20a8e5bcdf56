import Config
import JSON
import Model
import StorePort
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A workflow's budgets and token ledger: limits per level, what was spent, reports, and the hook a run charges.
struct BudgetService: Sendable {
    let context: EngineContext

    /// Every budget level of a workflow: its limit (phases with what earlier phases left them), spent, remaining.
    func status(workflowID: String?) async throws(EngineError) -> BudgetStatusReport {
        let (workflow, budget, entries) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            let plan = try WorkflowCreator.plan(of: workflow)
            return (
                workflow, try Self.budgetPlan(of: workflow, plan: plan, in: tx),
                try Self.ledger(of: workflow.id, in: tx)
            )
        }
        let account = BudgetAccount(
            plan: budget, spent: LedgerEntry.spentByLevel(LedgerEntry.deduplicated(entries).entries))
        return BudgetStatusReport(workflow: workflow.id, statuses: await account.status())
    }

    /// Sets a limit for the workflow, a phase, or an agent (in `phase`, or in every phase it serves); or gives a
    /// phase or agent a share (percent) of its parent's budget instead.
    func set(
        workflowID: String?, tokens: Int?, usd: Decimal?, phase: Phase?, agent: String?, sharePercent: Decimal?
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
        if let violation = BudgetLimitCheck.violation(tokens: tokens, usd: usd) {
            let subject = violation.field == .tokens ? "the token limit" : "the dollar limit"
            throw EngineError(.invalidState, violation.message(subject: subject))
        }
        let workflow = try await context.workflow(workflowID)
        let plan = try WorkflowCreator.plan(of: workflow)
        let levels: [BudgetLevel]
        switch (phase, agent) {
        case (nil, nil): levels = [.workflow]
        case (let phase?, nil):
            guard plan.plan(for: phase) != nil else {
                throw EngineError(.invalidState, "workflow \(workflow.id) does not run the \(phase.rawValue) phase")
            }
            levels = [.phase(phase)]
        case (let phase, let agent?):
            // A subagent's id is its parent's, a dot and a name: `developer.backend` is a level under `developer`.
            let parent = agent.split(separator: ".", maxSplits: 1).first.map(String.init) ?? agent
            let phases = plan.phases.filter { ($0.phase == phase || phase == nil) && $0.agents.contains(parent) }
            guard !phases.isEmpty else {
                let place = phase.map { "the \($0.rawValue) phase" } ?? "any phase"
                throw EngineError(.invalidState, "agent '\(agent)' does not run in \(place) of \(workflow.id)")
            }
            levels = phases.map { parent == agent ? .agent($0.phase, agent) : .subagent($0.phase, parent, agent) }
        }
        let audit = context.audit
        try await context.commit { tx, _ in
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
            if let tokens { inputs["maxTokens"] = .integer(Int64(tokens)) }
            if let usd { inputs["usd"] = .string("\(usd)") }
            if let sharePercent { inputs["sharePercent"] = .string("\(sharePercent)") }
            try audit.append(
                tx, workflow: workflow.id, phase: phase, action: .budgetChanged, inputs: .object(inputs), outcome: "set"
            )
        }
        await context.signAuditHead(of: workflow.id)
        return try await status(workflowID: workflow.id)
    }

    /// The ledger of a workflow by phase, agent and model, with costs from the price table.
    func report(workflowID: String?) async throws(EngineError) -> BudgetUsageReport {
        try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            return BudgetUsageReport(
                workflow: workflow.id, report: UsageReport(entries: try Self.ledger(of: workflow.id, in: tx)))
        }
    }

    /// Token totals of a workflow from its ledger.
    static func tokenTotals(of workflowID: String, in tx: any StoreTransaction) throws -> TokenTotals {
        let total = UsageReport(entries: try ledger(of: workflowID, in: tx)).total
        return TokenTotals(
            calls: total.calls, usage: total.usage, total: total.usage.total, costUSD: total.costUSD,
            unpricedCalls: total.unpricedCalls)
    }

    /// The prices a workspace uses: the built-in table, with `prices.json` in the workspace laid over it.
    func priceTable() throws(EngineError) -> PriceTable {
        let path = context.layout.root + "/prices.json"
        guard let data = FileManager.default.contents(atPath: path) else { return .builtin }
        do {
            return try PriceTable.builtin.merging(overrides: String(decoding: data, as: UTF8.self))
        } catch {
            throw EngineError(.invalidState, "prices.json: \(error)", file: path)
        }
    }

    /// The workflow's budget plan: the intake's limits split over its phases and agents, then every `budget set`.
    static func budgetPlan(
        of workflow: WorkflowRecord, plan: WorkflowPlan, in tx: any StoreTransaction
    ) throws
        -> BudgetPlan
    {
        let constraints = plan.intake.constraints
        var budget = BudgetPlan(
            workflow: BudgetLimit(tokens: constraints?.budgetTokens, usd: constraints?.budgetUSD),
            phases: plan.phases.map(\.phase),
            agents: Dictionary(plan.phases.map { ($0.phase, $0.agents) }, uniquingKeysWith: { first, _ in first }))
        // Each agent's subagents are levels of their own, splitting the agent's allowance evenly unless set.
        let catalog = AgentCatalog.load(workspace: workflow.workspace).catalog
        for phase in plan.phases {
            for agent in phase.agents {
                for subagent in catalog.agent(id: agent)?.subagents ?? [] {
                    budget.resetAllocation(of: .subagent(phase.phase, agent, subagent.id))
                }
            }
        }
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
    static func ledger(of workflowID: String, in tx: any StoreTransaction) throws -> [LedgerEntry] {
        try tx.usage(workflowID: workflowID).compactMap { record in
            guard let phase = record.phase else { return nil }
            return LedgerEntry(
                workflowID: record.workflowId, phase: phase, agent: record.agent ?? "", subagent: record.subagent,
                provider: record.provider ?? "", model: record.model ?? "", messageID: record.messageId ?? "",
                usage: record.usage, costUSD: record.costUSD.flatMap { Decimal(string: $0) },
                reportedCostUSD: record.reportedCostUSD.flatMap { Decimal(string: $0) },
                time: Date(timeIntervalSince1970: Double(record.timestamp) / 1000))
        }
    }

    /// Records one billed message; false when the workflow already charged its message id.
    func recordUsage(_ record: TokenUsageRecord) async throws(EngineError) -> Bool {
        try await context.commit { tx, _ in
            var stored = record
            return try tx.insert(&stored)
        }
    }

    /// Stores and publishes a soft-threshold warning.
    func recordWarning(_ warning: BudgetWarning, scope: SpendScope) async {
        try? await context.record(
            WorkflowEvent(
                workflowID: scope.workflowID, kind: .budgetWarning, timestamp: context.clock.nowMilliseconds(),
                phase: scope.phase, attempt: scope.attempt, agent: scope.subagent ?? scope.agent,
                message: warning.description))
    }

    /// The budget hook of one run: the plan and what the ledger says was spent, so far.
    func runBudget(for workflow: WorkflowRecord, plan: WorkflowPlan) async throws(EngineError) -> LedgerBudget {
        let prices = try priceTable()
        let (budget, entries) = try await context.read { tx in
            (try Self.budgetPlan(of: workflow, plan: plan, in: tx), try Self.ledger(of: workflow.id, in: tx))
        }
        let account = BudgetAccount(
            plan: budget, spent: LedgerEntry.spentByLevel(LedgerEntry.deduplicated(entries).entries))
        let limited =
            budget.workflow.tokens != nil || budget.workflow.usd != nil
            || budget.phases.contains { $0.allocation != nil || $0.agents.contains { $0.allocation != nil } }
        return LedgerBudget(service: self, account: account, prices: prices, enforcesLimits: limited)
    }
}
