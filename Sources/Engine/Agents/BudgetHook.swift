import Model
import Providers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whether the budget lets an agent make its next model call.
public enum BudgetDecision: Sendable, Hashable {
    case proceed
    /// No call: the agent stops with this reason (the phase is blocked), naming the level and the numbers.
    case deny(String)
}

/// Who spends: the budget levels a model call is charged to.
public struct SpendScope: Sendable, Hashable {
    public var workflowID: String
    public var phase: Phase
    public var attempt: Int
    /// The phase agent.
    public var agent: String
    /// The subagent doing the work, when it is not the agent itself.
    public var subagent: String?
    /// The provider's name (`offline`, `anthropic`, `claude-code`).
    public var provider: String
    /// The model calls are billed as when a request names none (the provider's default), if known.
    public var model: String?

    public init(
        workflowID: String, phase: Phase, attempt: Int, agent: String, subagent: String?, provider: String,
        model: String? = nil
    ) {
        self.workflowID = workflowID
        self.phase = phase
        self.attempt = attempt
        self.agent = agent
        self.subagent = subagent
        self.provider = provider
        self.model = model
    }
}

/// The budget hook of the agent loop: asked before every model call, told what each call used.
public protocol BudgetHook: Sendable {
    /// Reserves what the call may cost at every level, or says which level cannot pay; `promptTokens` is the
    /// provider's own count of the prompt when it gave one.
    func authorize(_ request: ModelRequest, scope: SpendScope, promptTokens: Int?) async -> BudgetDecision
    /// Charges what the call did cost (once per message id) and releases the rest of its reservation.
    func record(_ turn: ModelTurn, request: ModelRequest, scope: SpendScope) async
    /// Gives back the reservation of a call that failed without reporting usage.
    func release(_ request: ModelRequest, scope: SpendScope) async
    /// The money the scope may still spend, for providers that enforce a limit themselves (claude-code).
    func remainingUSD(scope: SpendScope) async -> Decimal?
    /// Whether the hook limits spending at all (asking a provider to count a prompt is worth it only then).
    var enforcesLimits: Bool { get }
}

/// No token limit: the loop is bounded by each agent's `max_steps` alone.
public struct StepCapBudget: BudgetHook {
    public init() {}
    public func authorize(_ request: ModelRequest, scope: SpendScope, promptTokens: Int?) async -> BudgetDecision {
        .proceed
    }
    public func record(_ turn: ModelTurn, request: ModelRequest, scope: SpendScope) async {}
    public func release(_ request: ModelRequest, scope: SpendScope) async {}
    public func remainingUSD(scope: SpendScope) async -> Decimal? { nil }
    public var enforcesLimits: Bool { false }
}
