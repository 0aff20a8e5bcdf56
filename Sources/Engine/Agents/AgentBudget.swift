import Providers

/// Whether the budget lets an agent make its next model call.
public enum BudgetDecision: Sendable, Hashable {
    case proceed
    /// No call: the agent stops with this reason (the phase is blocked).
    case deny(String)
}

/// The budget hook of the agent loop: asked before every model call, told what each call used.
///
/// The token ledger fills it; until then `StepCapBudget` only lets `max_steps` bound the loop.
public protocol AgentBudget: Sendable {
    func authorize(_ request: ModelRequest, agent: String) async -> BudgetDecision
    func record(_ turn: ModelTurn, request: ModelRequest, agent: String) async
}

/// No token limit: the loop is bounded by each agent's `max_steps` alone.
public struct StepCapBudget: AgentBudget {
    public init() {}
    public func authorize(_ request: ModelRequest, agent: String) async -> BudgetDecision { .proceed }
    public func record(_ turn: ModelTurn, request: ModelRequest, agent: String) async {}
}
