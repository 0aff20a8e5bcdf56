import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hierarchical budget limits: workflow → phase → agent → subagent, with explicit overrides at any level.
///
/// By default the workflow's limit is split among the phases the workflow lists by `defaultPhaseShares`,
/// renormalised over those phases (a workflow without `data` splits its budget 10 : 15 : 35 : 20 : 10 over the other
/// five, i.e. ninths of the 90%). A phase's allowance is its allocation **plus whatever earlier phases left unspent**
/// (rollover). A phase's allowance is split evenly among its listed agents, an agent's evenly among its listed
/// subagents. An explicit allocation (`set`, `setShare`) is honoured first; the levels left at their default share
/// what remains. A level the plan does not list (an agent started at run time, say) has no limit of its own:
/// the levels above it still bound it.
public struct BudgetPlan: Sendable, Hashable, Codable {
    /// The workflow's own limit (the intake's `budget_tokens` and `budget_usd`).
    public var workflow: BudgetLimit
    /// The phases the workflow runs, in order.
    public var phases: [PhaseBudget]
    /// The fraction of a level's limit past which settling a call reports a warning (once per level).
    public var softThreshold: Decimal

    enum CodingKeys: String, CodingKey {
        case workflow, phases
        case softThreshold
    }

    /// Default phase weights, in percent: planning 10, architecture 15, data 10, development 35, qa 20,
    /// documentation 10. Development writes the code and qa runs and reviews it, so they get the most.
    public static let defaultPhaseShares: [Phase: Decimal] = [
        .planning: 10, .architecture: 15, .data: 10, .development: 35, .qa: 20, .documentation: 10,
    ]

    /// The default soft threshold: 80%.
    public static let defaultSoftThreshold = Decimal(sign: .plus, exponent: -1, significand: 8)

    /// A plan with default allocations for these phases (in workflow order) and agents.
    public init(
        workflow: BudgetLimit, phases: [Phase], agents: [Phase: [String]] = [:],
        softThreshold: Decimal = BudgetPlan.defaultSoftThreshold
    ) {
        self.workflow = workflow
        self.phases = phases.map { phase in
            PhaseBudget(phase: phase, agents: (agents[phase] ?? []).map { AgentBudget(id: $0) })
        }
        self.softThreshold = softThreshold
    }

    /// Sets fixed limits for a level, keeping whatever dimension `limit` leaves `nil`; adds the level if unlisted.
    ///
    /// On the workflow this replaces its limit (`budget set --max-tokens N --usd X`); below it, the level's
    /// allocation becomes these fixed amounts instead of a share of its parent.
    public mutating func set(_ limit: BudgetLimit, for level: BudgetLevel) {
        if case .workflow = level {
            self.workflow = self.workflow.overlaid(with: limit)
            return
        }
        self.updateAllocation(of: level) { current in
            if case .limit(let existing) = current { return .limit(existing.overlaid(with: limit)) }
            return .limit(limit)
        }
    }

    /// Gives a phase, agent or subagent a fixed fraction of its parent's budget; adds the level if unlisted.
    public mutating func setShare(_ share: Decimal, for level: BudgetLevel) {
        self.updateAllocation(of: level) { _ in .share(share) }
    }

    /// Puts a level back to its default share.
    public mutating func resetAllocation(of level: BudgetLevel) {
        self.updateAllocation(of: level) { _ in nil }
    }

    /// The plan entry of a phase, if the workflow lists it.
    public func phaseBudget(_ phase: Phase) -> PhaseBudget? {
        self.phases.first { $0.phase == phase }
    }

    private mutating func updateAllocation(
        of level: BudgetLevel, _ change: (BudgetAllocation?) -> BudgetAllocation?
    ) {
        guard let phase = level.phase else { return }
        let phaseIndex: Int
        if let index = self.phases.firstIndex(where: { $0.phase == phase }) {
            phaseIndex = index
        } else {
            // Keep canonical order so rollover still flows from earlier phases to later ones.
            phaseIndex = self.phases.firstIndex { $0.phase > phase } ?? self.phases.endIndex
            self.phases.insert(PhaseBudget(phase: phase), at: phaseIndex)
        }
        switch level {
        case .workflow:
            return
        case .phase:
            self.phases[phaseIndex].allocation = change(self.phases[phaseIndex].allocation)
        case .agent(_, let agent):
            let agentIndex = self.phases[phaseIndex].ensureAgent(agent)
            self.phases[phaseIndex].agents[agentIndex].allocation = change(
                self.phases[phaseIndex].agents[agentIndex].allocation)
        case .subagent(_, let agent, let subagent):
            let agentIndex = self.phases[phaseIndex].ensureAgent(agent)
            let subagentIndex = self.phases[phaseIndex].agents[agentIndex].ensureSubagent(subagent)
            self.phases[phaseIndex].agents[agentIndex].subagents[subagentIndex].allocation = change(
                self.phases[phaseIndex].agents[agentIndex].subagents[subagentIndex].allocation)
        }
    }
}

/// A phase's place in a budget plan: its allocation (nil for the default share) and its agents.
public struct PhaseBudget: Sendable, Hashable, Codable {
    /// The phase.
    public var phase: Phase
    /// An explicit allocation, or nil for the phase's default share.
    public var allocation: BudgetAllocation?
    /// The agents that run in the phase, which split its allowance.
    public var agents: [AgentBudget]

    /// Creates a phase entry.
    public init(phase: Phase, allocation: BudgetAllocation? = nil, agents: [AgentBudget] = []) {
        self.phase = phase
        self.allocation = allocation
        self.agents = agents
    }

    /// The index of the agent, appended first if unlisted.
    fileprivate mutating func ensureAgent(_ id: String) -> Int {
        if let index = self.agents.firstIndex(where: { $0.id == id }) { return index }
        self.agents.append(AgentBudget(id: id))
        return self.agents.count - 1
    }
}

/// An agent's place in a budget plan: its allocation within its phase and its subagents.
public struct AgentBudget: Sendable, Hashable, Codable {
    /// The agent id.
    public var id: String
    /// An explicit allocation, or nil for an even split of the phase.
    public var allocation: BudgetAllocation?
    /// The subagents known in advance, which split the agent's limit.
    public var subagents: [SubagentBudget]

    /// Creates an agent entry.
    public init(id: String, allocation: BudgetAllocation? = nil, subagents: [SubagentBudget] = []) {
        self.id = id
        self.allocation = allocation
        self.subagents = subagents
    }

    /// The index of the subagent, appended first if unlisted.
    fileprivate mutating func ensureSubagent(_ id: String) -> Int {
        if let index = self.subagents.firstIndex(where: { $0.id == id }) { return index }
        self.subagents.append(SubagentBudget(id: id))
        return self.subagents.count - 1
    }
}

/// A subagent's place in a budget plan: its allocation within its agent's limit.
public struct SubagentBudget: Sendable, Hashable, Codable {
    /// The subagent id.
    public var id: String
    /// An explicit allocation, or nil for an even split of the agent's limit.
    public var allocation: BudgetAllocation?

    /// Creates a subagent entry.
    public init(id: String, allocation: BudgetAllocation? = nil) {
        self.id = id
        self.allocation = allocation
    }
}
