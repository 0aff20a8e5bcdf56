import JSON
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One section of the system prompt; `cacheable` sections end the stable prefix that prompt caching may reuse.
public struct SystemSection: Sendable, Hashable {
    public var text: String
    /// Put a cache breakpoint after this section (the Messages API allows four per request).
    public var cacheable: Bool

    public init(_ text: String, cacheable: Bool = false) {
        self.text = text
        self.cacheable = cacheable
    }
}

/// What the agent is working on, in structured form: the same facts its prompt states in words.
///
/// The `offline` provider answers from this brief alone (it calls no model); the others ignore it,
/// except `claude-code`, which runs in `workingDirectory`.
public struct TaskBrief: Sendable, Hashable {
    public var workflowID: String
    public var phase: Phase
    /// Which attempt at the phase (1 for the first run): a re-run is new work, billed again.
    public var attempt: Int
    public var agentID: String
    public var projectName: String
    public var client: String?
    public var requirements: [String]
    /// Workspace-relative paths this agent is to write.
    public var artifactPaths: [String]
    /// Hand-off summaries of earlier phases, in order.
    public var handOff: [String]
    /// The names of the skills' methodology steps, in plan order.
    public var plan: [String]
    /// Header text the governance policy wants at the top of some of `artifactPaths` (a license line), by path.
    public var fileHeaders: [String: String]
    /// What a reviewer is to review this round, when the agent is one.
    public var review: ReviewBrief?
    /// The review round whose findings the agent must answer, when it has one.
    public var feedback: ReviewRound?
    /// The parent agent that delegated this task, for a subagent.
    public var delegatedBy: String?

    public init(
        workflowID: String, phase: Phase, attempt: Int = 1, agentID: String, projectName: String, client: String? = nil,
        requirements: [String], artifactPaths: [String], handOff: [String] = [], plan: [String] = [],
        fileHeaders: [String: String] = [:], review: ReviewBrief? = nil, feedback: ReviewRound? = nil,
        delegatedBy: String? = nil
    ) {
        self.workflowID = workflowID
        self.phase = phase
        self.attempt = attempt
        self.agentID = agentID
        self.projectName = projectName
        self.client = client
        self.requirements = requirements
        self.artifactPaths = artifactPaths
        self.handOff = handOff
        self.plan = plan
        self.fileHeaders = fileHeaders
        self.review = review
        self.feedback = feedback
        self.delegatedBy = delegatedBy
    }
}

/// What a reviewer is shown in one round of a review.
public struct ReviewBrief: Sendable, Hashable {
    public var kind: ReviewRound.Kind
    public var round: Int
    public var rounds: Int
    /// The files under review, workspace-relative.
    public var files: [String]
    /// The unified diff since the previous checkpoint (code review), else empty.
    public var diff: String
    /// The previous round with its answers, when this is not the first.
    public var previous: ReviewRound?

    public init(
        kind: ReviewRound.Kind, round: Int, rounds: Int, files: [String], diff: String = "",
        previous: ReviewRound? = nil
    ) {
        self.kind = kind
        self.round = round
        self.rounds = rounds
        self.files = files
        self.diff = diff
        self.previous = previous
    }
}

/// A subagent the agent may delegate to: what a provider that runs subagents itself (claude-code `--agents`)
/// needs to define it, and what the offline provider plans its delegations from.
public struct SubagentDefinition: Sendable, Hashable {
    public var id: String
    public var description: String?
    /// The subagent's system prompt, its file's contents when it names one.
    public var prompt: String
    /// The tool definitions it may call, by name (`file_system__write`, …).
    public var tools: [String]
    /// The model it runs on, when one is chosen; nil inherits the agent's.
    public var model: String?

    public init(id: String, description: String?, prompt: String, tools: [String], model: String? = nil) {
        self.id = id
        self.description = description
        self.prompt = prompt
        self.tools = tools
        self.model = model
    }
}

/// Everything a provider needs for one assistant turn.
public struct ModelRequest: Sendable, Hashable {
    /// The model id; `nil` takes the provider's default.
    public var model: String?
    public var system: [SystemSection]
    public var messages: [ModelMessage]
    public var tools: [ToolDefinition]
    public var maxTokens: Int
    /// The agent's working copy, absolute: where a provider that runs tools itself (claude-code) must run.
    public var workingDirectory: String
    /// Turns a provider that loops on its own (claude-code) may take.
    public var maxTurns: Int
    /// Money the call may spend, for providers that enforce it themselves (claude-code `--max-budget-usd`).
    public var maxBudgetUSD: Decimal?
    public var brief: TaskBrief
    /// The subagents the agent may delegate to (through the `delegate` tool, or claude-code's own Task tool).
    public var subagents: [SubagentDefinition]

    public init(
        model: String? = nil, system: [SystemSection], messages: [ModelMessage], tools: [ToolDefinition],
        maxTokens: Int = 8192, workingDirectory: String, maxTurns: Int = 20, maxBudgetUSD: Decimal? = nil,
        brief: TaskBrief, subagents: [SubagentDefinition] = []
    ) {
        self.model = model
        self.system = system
        self.messages = messages
        self.tools = tools
        self.maxTokens = maxTokens
        self.workingDirectory = workingDirectory
        self.maxTurns = maxTurns
        self.maxBudgetUSD = maxBudgetUSD
        self.brief = brief
        self.subagents = subagents
    }
}
