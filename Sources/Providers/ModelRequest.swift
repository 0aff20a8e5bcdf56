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

    public init(
        workflowID: String, phase: Phase, attempt: Int = 1, agentID: String, projectName: String, client: String? = nil,
        requirements: [String], artifactPaths: [String], handOff: [String] = [], plan: [String] = [],
        fileHeaders: [String: String] = [:]
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

    public init(
        model: String? = nil, system: [SystemSection], messages: [ModelMessage], tools: [ToolDefinition],
        maxTokens: Int = 8192, workingDirectory: String, maxTurns: Int = 20, maxBudgetUSD: Decimal? = nil,
        brief: TaskBrief
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
    }
}
